import type { z } from "zod";
import {
  EmailInput,
  MailboxInput,
  PersonName,
  mailboxKey,
  mailboxName,
} from "../../provider/fields/addresses";
import { AcknowledgedInput, ReviewInput } from "../../provider/fields/review";

/** The one message a schema gives for `value`, or "ok" with the parsed value. */
function verdict(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? `ok ${JSON.stringify(parsed.data)}`
    : parsed.error.issues.map((i) => i.message).join("; ");
}

const BAD_MAILBOX =
  'mailbox must be a mailbox name such as "support" or an address such as "support@example.ch" (letters, digits, ".", "-", "_", "+")';
const BAD_EMAIL = 'must be a plain ASCII e-mail address such as "anna@example.ch"';

describe("mailbox names and addresses (provider/fields/addresses.ts)", () => {
  it.each([
    ["support", 'ok "support"'],
    ["  Support@Example.CH ", 'ok "support@example.ch"'],
    ["first.last+tag", 'ok "first.last+tag"'],
    ["support@example.ch@other.ch", BAD_MAILBOX],
    ["support@", BAD_MAILBOX],
    ["support@example", BAD_MAILBOX],
    ["support@bad_domain.ch", BAD_MAILBOX],
    ["first..last", BAD_MAILBOX],
    [".support", BAD_MAILBOX],
    ["support.", BAD_MAILBOX],
    ["", BAD_MAILBOX],
    [7, 'mailbox is required: a mailbox name such as "support" or its address "support@example.ch"'],
  ])("mailbox %j: %s", (value, expected) => {
    expect(verdict(MailboxInput, value)).toBe(expected);
  });

  it.each([
    ["anna@example.ch", 'ok "anna@example.ch"'],
    [" Anna.B+x@Example.ch ", 'ok "Anna.B+x@Example.ch"'],
    [`${"a".repeat(64)}@example.ch`, `ok "${"a".repeat(64)}@example.ch"`],
    [`${"a".repeat(65)}@example.ch`, BAD_EMAIL],
    ["ëlise@example.ch", BAD_EMAIL],
    ["annë@example.ch", BAD_EMAIL],
    ["anna@exämple.ch", BAD_EMAIL],
    ["anna@example.ch@evil.example", BAD_EMAIL],
    ["anna", BAD_EMAIL],
    ["@example.ch", BAD_EMAIL],
    [`anna@${"a".repeat(250)}.ch`, `an e-mail address has at most 254 characters; ${BAD_EMAIL}`],
    [null, "an e-mail address is required"],
  ])("e-mail %j: %s", (value, expected) => {
    expect(verdict(EmailInput, value)).toBe(expected);
  });

  it("a person's name is trimmed, required and at most 100 characters, each message naming the field", () => {
    const first = PersonName("firstName");
    expect(verdict(first, " Anna ")).toBe('ok "Anna"');
    expect(verdict(first, "  ")).toBe("firstName must not be empty: it appears in the invitation e-mail");
    expect(verdict(first, "x".repeat(101))).toBe("firstName has at most 100 characters");
    expect(verdict(first, undefined)).toBe("firstName is required: it appears in the invitation e-mail");
  });

  it("a mailbox's name and key are the same however it is written, with ? for what is not known", () => {
    expect(mailboxName("support@acme.example")).toBe("support");
    expect(mailboxName("support")).toBe("support");
    expect(mailboxKey(12, "support@acme.example")).toBe("12/support");
    expect(mailboxKey(undefined, "support")).toBe("?/support");
    expect(mailboxKey(12, undefined)).toBe("12/?");
  });
});

describe("review and acknowledgement messages (provider/fields/review.ts)", () => {
  it("an unknown review field is named with the fields there are; a review of the wrong type says its shape", () => {
    expect(verdict(ReviewInput, { reason: "r", owner: "o", reviewAfter: "2027-01-01", until: "x" })).toBe(
      "unknown review field: until (use reason, owner, reviewAfter, expiresAt)",
    );
    expect(verdict(ReviewInput, "because")).toBe("review is { reason, owner, reviewAfter, expiresAt? }");
  });

  it("an acknowledgement's unknown field and wrong type say its shape", () => {
    expect(verdict(AcknowledgedInput, { who: "a", reason: "r", owner: "o", since: "x" })).toBe(
      "unknown acknowledged field: since (use who, reason, owner)",
    );
    expect(verdict(AcknowledgedInput, ["a"])).toBe("each acknowledged entry is { who, reason, owner }");
  });
});
