import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Markdown documents rendered as GitHub-flavoured Markdown (micromark with its GFM extension), in one process. */
export function renderGfm(documents: readonly string[]): string[] {
  const out = execFileSync(process.execPath, [join(__dirname, "renderGfm.mjs")], {
    input: JSON.stringify(documents),
    encoding: "utf8",
  });
  return JSON.parse(out) as string[];
}

/**
 * The structure of rendered HTML: every tag, opening and closing, in order (`h2`, `/h2`, `tr`, `a`,
 * `img`...). Text a name brought is escaped in it (`&lt;`), so any tag here is Markdown's.
 */
export function htmlStructure(html: string): string[] {
  return [...html.matchAll(/<(\/?[a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => (m[1] ?? "").toLowerCase());
}

/** How many of each tag the HTML holds (opening tags only). */
export function tagCounts(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tag of htmlStructure(html).filter((t) => !t.startsWith("/")))
    counts[tag] = (counts[tag] ?? 0) + 1;
  return counts;
}

/** The HTML with each e-mail autolink (`<a href="mailto:x">x</a>`) replaced by its text. */
export function withoutAddressLinks(html: string): string {
  return html.replace(/<a href="mailto:([^"]*)">([^<]*)<\/a>/g, (link, address: string, text: string) =>
    address === text ? text : link,
  );
}

/** The text a reader sees: tags left out, the renderer's entities read. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
