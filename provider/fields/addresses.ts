import { z } from "zod";

const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/i;

/** `local@domain` (or a bare `local`), when there is at most one `@`. */
function addressParts(value: string): { local: string; domain: string | undefined } | undefined {
  const [local, domain, ...rest] = value.split("@");
  return rest.length === 0 && local !== undefined ? { local, domain } : undefined;
}
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A mailbox name (`support`) or full address (`support@example.ch`); the domain is checked against the hosting. */
export const MailboxInput = z
  .string({
    error: 'mailbox is required: a mailbox name such as "support" or its address "support@example.ch"',
  })
  .trim()
  .toLowerCase()
  .refine(
    (value) => {
      const parts = addressParts(value);
      return (
        parts !== undefined &&
        LOCAL_PART.test(parts.local) &&
        !parts.local.includes("..") &&
        (parts.domain === undefined || DOMAIN.test(parts.domain))
      );
    },
    {
      error:
        'mailbox must be a mailbox name such as "support" or an address such as "support@example.ch" (letters, digits, ".", "-", "_", "+")',
    },
  );

/** An e-mail address, without look-alike characters: ASCII only, so what the reviewer reads is what is sent. */
export const EmailInput = z
  .string({ error: "an e-mail address is required" })
  .trim()
  .max(254, { error: "an e-mail address has at most 254 characters" })
  .refine(
    (value) => {
      const parts = addressParts(value);
      return (
        parts !== undefined &&
        /^[a-z0-9._%+-]{1,64}$/i.test(parts.local) &&
        parts.domain !== undefined &&
        DOMAIN.test(parts.domain)
      );
    },
    { error: 'must be a plain ASCII e-mail address such as "anna@example.ch"' },
  );

/** A first or last name for an organisation invitation. */
export const PersonName = (field: string) =>
  z
    .string({ error: `${field} is required: it appears in the invitation e-mail` })
    .trim()
    .min(1, { error: `${field} must not be empty: it appears in the invitation e-mail` })
    .max(100, { error: `${field} has at most 100 characters` });

/** A mailbox's name, whether it is written as a name (`support`) or an address (`support@acme.example`). */
export function mailboxName(nameOrAddress: string): string {
  return nameOrAddress.split("@")[0] ?? nameOrAddress;
}

/** A mailbox's key, `<mail hosting>/<name>`, however it is written; `?` for what is not known. */
export function mailboxKey(mailHostingId: number | undefined, nameOrAddress: string | undefined): string {
  return `${mailHostingId ?? "?"}/${nameOrAddress === undefined ? "?" : mailboxName(nameOrAddress)}`;
}
