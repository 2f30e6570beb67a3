import { describeFamily } from "./familyScenario";

describeFamily({
  family: "legacy",
  mailHostingId: 20,
  domain: "legacy.example",
  mailbox: "info",
  otherMailbox: "office",
  members: [
    { userId: 6, email: "fabio@legacy.example" },
    { userId: 1, email: "alice@acme.example" },
  ],
  seeded: {
    mailbox: "office",
    userId: 5,
    email: "erika@legacy.example",
    permissions: { can_manage_filters: true, can_manage_chat: true },
  },
});
