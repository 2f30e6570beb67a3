import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * Stand-ins for the forges' APIs that the CI examples post their report to: GitHub's through `gh api`,
 * GitLab's through `curl`. Each keeps the pull request's comments (the merge request's notes) in a
 * JSON file, answers list, create and edit as the forge does, and logs every call, so a test can tell
 * that one comment was created and then edited. Both are Node.js scripts: they run wherever the tests do.
 */

const Comment = z.object({
  id: z.number(),
  body: z.string(),
  /** GitHub: who wrote it. */
  user: z.object({ login: z.string() }).optional(),
  /** GitLab: a note the forge wrote itself (a push, a label). */
  system: z.boolean().optional(),
});
export type ForgeComment = z.infer<typeof Comment>;

export interface ForgeStandIn {
  /** The folder to put first on PATH. */
  bin: string;
  /** Every call, one line each (`POST repos/…/issues/7/comments`); GitLab's as `curl <args>` and the body. */
  calls(): string[];
  comments(): ForgeComment[];
  /** Comments already on the pull request (another person's, an earlier run's). */
  seed(comments: ForgeComment[]): void;
}

function script(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/usr/bin/env node\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

/** What both stand-ins share: the store, the log and reading them back. */
function standIn(dir: string): {
  bin: string;
  store: string;
  log: string;
  handle: Omit<ForgeStandIn, "bin">;
} {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const store = join(dir, "comments.json");
  const log = join(dir, "calls.log");
  writeFileSync(store, "[]");
  writeFileSync(log, "");
  return {
    bin,
    store,
    log,
    handle: {
      calls: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
      comments: () => z.array(Comment).parse(JSON.parse(readFileSync(store, "utf8"))),
      seed: (comments) => writeFileSync(store, JSON.stringify(comments)),
    },
  };
}

/**
 * `gh api` on the issue-comments routes (`--paginate`, `--jq`, `--method`, `-F body=@FILE`) and
 * `gh pr edit` (logged). `--jq` runs the real jq when there is one (gh has it built in), so the
 * workflow's filter is what selects; without jq, the filter's meaning is emulated.
 */
export function githubCli(dir: string, bot = "github-actions[bot]"): ForgeStandIn {
  const { bin, store, log, handle } = standIn(dir);
  const hasJq = ["/usr/bin/jq", "/usr/local/bin/jq", "/bin/jq"].some((p) => existsSync(p));
  script(
    bin,
    "gh",
    `const fs = require("fs");
const { execFileSync } = require("child_process");
const [STORE, LOG, BOT, HAS_JQ] = ${JSON.stringify([store, log, bot, hasJq])};
const args = process.argv.slice(2);
const fail = (message, code) => { process.stderr.write("gh: " + message + "\\n"); process.exit(code); };
if (!process.env.GH_TOKEN) fail("GH_TOKEN is not set", 4);
if (args[0] === "pr") { fs.appendFileSync(LOG, "gh " + args.join(" ") + "\\n"); process.exit(0); }
if (args[0] !== "api") fail("the stand-in only knows api and pr", 2);
let method, jq, url, body;
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === "--method" || a === "-X") method = args[++i];
  else if (a === "--jq" || a === "-q") jq = args[++i];
  else if (a === "-F" || a === "--field" || a === "-f" || a === "--raw-field") {
    const [key, ...rest] = args[++i].split("=");
    const value = rest.join("=");
    if (key === "body") body = value.startsWith("@") ? fs.readFileSync(value.slice(1), "utf8") : value;
  } else if (a !== "--paginate") url = a;
}
method = method || (body === undefined ? "GET" : "POST");
fs.appendFileSync(LOG, method + " " + url + "\\n");
const all = JSON.parse(fs.readFileSync(STORE, "utf8"));
const save = () => fs.writeFileSync(STORE, JSON.stringify(all));
if (method === "GET" && /^repos\\/[^/]+\\/[^/]+\\/issues\\/\\d+\\/comments$/.test(url)) {
  const page = JSON.stringify(all);
  if (!jq) process.stdout.write(page);
  else if (HAS_JQ) process.stdout.write(execFileSync("jq", ["-r", jq], { input: page, encoding: "utf8" }));
  else for (const c of all) if (c.user.login === BOT && c.body.startsWith("<!-- mailbox-access:plan -->")) console.log(c.id);
} else if (method === "POST" && /^repos\\/[^/]+\\/[^/]+\\/issues\\/\\d+\\/comments$/.test(url)) {
  const id = 1000 + all.length;
  all.push({ id, user: { login: BOT }, body });
  save();
  process.stdout.write(JSON.stringify({ id }));
} else if (method === "PATCH" && /^repos\\/[^/]+\\/[^/]+\\/issues\\/comments\\/\\d+$/.test(url)) {
  const comment = all.find((c) => c.id === Number(url.split("/").pop()));
  if (!comment) fail("HTTP 404: Not Found", 1);
  if (comment.user.login !== BOT) fail("HTTP 403: Forbidden (another user's comment)", 1);
  comment.body = body;
  save();
} else fail("HTTP 404: no route " + method + " " + url + " in the stand-in", 1);`,
  );
  return { bin, ...handle };
}

/**
 * `curl`: GitLab's merge-request notes API (list, create, edit), with the call and its body logged;
 * any other address (get.pulumi.com) answers an empty body, so its install script is not run.
 */
export function gitlabCurl(dir: string): ForgeStandIn {
  const { bin, store, log, handle } = standIn(dir);
  script(
    bin,
    "curl",
    `const fs = require("fs");
const [STORE, LOG] = ${JSON.stringify([store, log])};
const args = process.argv.slice(2);
fs.appendFileSync(LOG, "curl " + args.join(" ") + "\\n");
let method, url, body;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--request" || a === "-X") method = args[++i];
  else if (a === "--header" || a === "-H") i++;
  else if (a === "--data-urlencode") {
    const value = args[++i];
    body = value.startsWith("body@") ? fs.readFileSync(value.slice(5), "utf8") : value.replace(/^body=/, "");
  } else if (/^https?:/.test(a)) url = new URL(a);
}
method = method || (body === undefined ? "GET" : "POST");
if (body !== undefined) fs.appendFileSync(LOG, body + "\\n");
if (!url || !url.pathname.includes("/api/v4/")) process.exit(0);
const all = JSON.parse(fs.readFileSync(STORE, "utf8"));
const save = () => fs.writeFileSync(STORE, JSON.stringify(all));
const notes = /\\/merge_requests\\/\\d+\\/notes$/.test(url.pathname);
const note = /\\/merge_requests\\/\\d+\\/notes\\/(\\d+)$/.exec(url.pathname);
if (method === "GET" && notes) process.stdout.write(JSON.stringify(all));
else if (method === "POST" && notes) {
  all.push({ id: 500 + all.length, body, system: false });
  save();
} else if (method === "PUT" && note) {
  const found = all.find((n) => n.id === Number(note[1]));
  if (!found) { process.stderr.write("curl: (22) The requested URL returned error: 404\\n"); process.exit(22); }
  found.body = body;
  save();
} else { process.stderr.write("curl: (22) no route " + method + " " + url.pathname + "\\n"); process.exit(22); }`,
  );
  return { bin, ...handle };
}
