/**
 * `.if COND` … `.endif` around whole sections (HAProxy's conditional blocks between sections, e.g. a
 * listen that only exists with a newer OpenSSL). Line by line, the `.if` sits at the end of the section
 * above and the `.endif` at the end of the last section inside; lifted, each section inside carries the
 * condition and is rendered between its own `.if` and `.endif`, which HAProxy reads the same way.
 * Only plain `.if` blocks whose every section is a proxy or raw section are lifted; anything else
 * (`.elif`/`.else` between sections, an `.endif` with lines after it in the same section) stays as
 * it is, and validation names it. Pure.
 */
import { haproxyKeyword } from "../haproxy-line";
import { SECTION_KINDS } from "../schema/haproxy";
import type { HaproxySectionText } from "./haproxy-tokens";

type Directive = HaproxySectionText["directives"][number];
const word = (d: Directive | undefined) => (d ? haproxyKeyword(d.text).keyword.toLowerCase() : "");
/** Sections hapair renders with their own header line (global and the first defaults are structured). */
const LIFTABLE = new Set<string>(["frontend", "backend", ...SECTION_KINDS]);

/** Depth of open `.if`s after the lines, or null when an `.elif`/`.else` is at depth 0. */
function openAfter(lines: Directive[]): number | null {
  let depth = 0;
  for (const d of lines) {
    const w = word(d);
    if (w === ".if") depth++;
    else if (w === ".endif") depth--;
    else if ((w === ".elif" || w === ".else") && depth <= 0) return null;
    if (depth < 0) return depth;
  }
  return depth;
}

export function liftSectionConditions(sections: HaproxySectionText[]): HaproxySectionText[] {
  const lifted: HaproxySectionText[] = [];
  let condition: string | undefined;
  let above: Directive[] = [];
  // Comments above a lifted `.endif` come before the next section's header in the render.
  let carried: string[] = [];
  for (const original of sections) {
    let directives = [...original.directives];
    let comments = [...carried, ...(original.comments ?? [])];
    carried = [];
    // A trailing `.if` in the lines above opens a block around this section.
    const last = above.at(-1);
    if (condition === undefined && word(last) === ".if" && LIFTABLE.has(original.keyword)) {
      condition = last?.text.replace(/^\s*\.if\s+/, "");
      // Comments above the `.if` are about the section it opens: they stay above it.
      comments = [...(last?.comments ?? []), ...comments];
      above.pop();
    }
    const commented = comments.length > 0 ? { comments } : {};
    if (condition !== undefined) {
      // This section's own trailing `.if` opens the next block: set it aside while closing this one.
      const next = word(directives.at(-1)) === ".if" ? directives.pop() : undefined;
      const closes = word(directives.at(-1)) === ".endif" && openAfter(directives) === -1;
      if (closes) carried = directives.pop()?.comments ?? [];
      else if (openAfter(directives) !== 0 || !LIFTABLE.has(original.keyword)) return sections;
      if (next) directives.push(next);
      lifted.push({ ...original, directives, condition, ...commented });
      if (closes) condition = undefined;
    } else lifted.push({ ...original, directives, ...commented });
    above = lifted.at(-1)?.directives ?? [];
  }
  return condition === undefined ? lifted : sections;
}
