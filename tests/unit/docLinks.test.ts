import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The README and docs/ link to each other with relative links: each must name a file that exists and,
 * with a #fragment, a heading of that file (as GitHub turns headings into anchors).
 */

const ROOT = join(__dirname, "../..");
const DOCS = join(ROOT, "docs");
const FILES = [
  join(ROOT, "README.md"),
  join(ROOT, "CHANGELOG.md"),
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(DOCS, name)),
];

/** The text outside fenced code blocks and inline code, where links and headings are read. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`]*`/g, (code) => code.slice(1, -1));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  for (const match of text.matchAll(/^#{1,6} +(.+)$/gm)) {
    const base = slug(match[1] ?? "");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Link {
  from: string;
  target: string;
}

function relativeLinks(file: string): Link[] {
  const text = prose(readFileSync(file, "utf8"));
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? "")
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => ({ from: relative(ROOT, file), target }));
}

describe("links between the README and docs/", () => {
  const links = FILES.flatMap(relativeLinks);

  it("the README links to every file in docs/", () => {
    const fromReadme = new Set(
      links.filter((l) => l.from === "README.md").map((l) => l.target.split("#")[0] ?? ""),
    );
    for (const file of FILES.slice(1)) expect(fromReadme).toContain(relative(ROOT, file));
  });

  it.each(links.map((l) => [`${l.from} -> ${l.target}`, l] as const))("%s resolves", (_name, link) => {
    const [path = "", fragment] = link.target.split("#");
    const source = join(ROOT, link.from);
    const target = path === "" ? source : resolve(dirname(source), path);
    expect(existsSync(target)).toBe(true);
    if (fragment !== undefined && target.endsWith(".md")) expect(anchorsOf(target)).toContain(fragment);
  });
});
