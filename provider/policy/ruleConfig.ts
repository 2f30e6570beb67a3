import { z } from "zod";
import { ALL_PERMISSIONS, PRESET_NAMES } from "../permissions";
import { IsoDate } from "../fields/review";

/** The settings the rules' configurations are made of, with messages that say the fix. */
export const Right = z.enum(ALL_PERMISSIONS, {
  error: `a right is one of ${ALL_PERMISSIONS.join(", ")}`,
});

export const Rights = z.array(Right, { error: 'a list of rights, such as ["can_manage_security"]' });

export const Preset = z.enum(PRESET_NAMES, { error: `a preset is one of ${PRESET_NAMES.join(", ")}` });

/** Mailbox addresses, where `*` stands for any characters: `ceo@client.example`, `*@hr.client.example`. */
export const MailboxPatterns = z.array(
  z
    .string({ error: "a mailbox pattern is text" })
    .trim()
    .min(1, { error: "a mailbox pattern must not be empty" }),
  {
    error:
      'a list of mailbox addresses or patterns, such as ["ceo@client.example", "board-*@client.example"]',
  },
);

export const Domain = z
  .string({ error: "a domain is text, such as partner.example" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { error: "a domain is written like partner.example (no @, no scheme)" });

export { IsoDate };
