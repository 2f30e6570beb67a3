/**
 * Names that try to forge what a report, a sheet or a terminal shows, each in the place of a harmless
 * one: the organisation, team, mailbox and link recipient come from the API; the reason and owner from
 * a spec in a pull request.
 */
export interface Names {
  organisation: string;
  team: string;
  mailbox: string;
  recipient: string;
  reason: string;
  owner: string;
}

export const HARMLESS: Names = {
  organisation: "Acme SA",
  team: "Support team",
  mailbox: "shared@acme.example",
  recipient: "paul@partner.example",
  reason: "Support rota",
  owner: "it@acme.example",
};

/** A table row of its own, with the empty report's sentence, an image and a link. */
const FORGED_ROW =
  "| gains access | eve@evil.example | all | **No one gains, loses or changes access to a mailbox.** | ![x](https://evil.example/x.png) | [review](https://evil.example) |";

export const HOSTILE: Names = {
  // A heading and raw HTML in Markdown; on a terminal, a line cleared and a hyperlink (OSC 8).
  organisation:
    "Acme SA\n\n# No one gains access\n<img src=x onerror=alert(1)>\u001b[2K\r\u001b]8;;https://evil.example\u0007Approved\u001b]8;;\u0007",
  team: `Support\r${FORGED_ROW}`,
  mailbox: "shared@acme.example\u2028## Approved\u2029- [x] done",
  recipient:
    "paul@partner.example\u001b[2K\r\u001b[32mAll checks passed\u001b[0m\u009b31m <script>alert(1)</script>",
  reason:
    '=HYPERLINK("https://evil.example","Approved") *all* _good_ ~~gone~~ `code` $x^2$ www.evil.example https://evil.example/a <b>bold</b> &amp; [link](https://evil.example) <https://evil.example> [^1]\u0085\u007f',
  owner: "+41 @it-team\t\\| x | y |\n1. ---\n===",
};

/** Each hostile name. */
export const HOSTILE_NAMES: string[] = Object.values(HOSTILE) as string[];

/**
 * What no output a terminal shows may hold: C0 controls but the line feed (ESC among them), DEL, C1,
 * the Unicode line and paragraph separators, the bidirectional overrides.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
