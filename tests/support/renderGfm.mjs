// Markdown documents (a JSON array on stdin) as GitHub-flavoured Markdown renders them (a JSON array of
// HTML on stdout), raw HTML let through so that a tag a name smuggled in shows. micromark is ESM only:
// the CommonJS tests run it in this process of its own.
import { readFileSync } from "node:fs";
import process from "node:process";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

const documents = JSON.parse(readFileSync(0, "utf8"));
const html = documents.map((markdown) =>
  micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true }),
);
process.stdout.write(JSON.stringify(html));
