import { describeFamily } from "./familyScenario";

describeFamily({
  family: "webmail",
  mailHostingId: 10,
  domain: "acme.example",
  mailbox: "support",
  otherMailbox: "invoices",
  members: [
    { userId: 2, email: "bruno@acme.example" },
    { userId: 3, email: "chloe@acme.example" },
  ],
  seeded: {
    mailbox: "sales",
    userId: 1,
    email: "alice@acme.example",
    permissions: { can_manage_filters: true, can_manage_signatures: true },
  },
});
