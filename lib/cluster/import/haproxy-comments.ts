/**
 * Puts an operator's comments back where the importer's model can hold them. Pure.
 * A comment above a directive kept raw stays right above that raw line; one above a directive the model
 * turns into a field (bind, server, balance, …) cannot: the renderer writes fields in its own order, so
 * it goes above the section header with the section's own comments, and a warning says so.
 */
import type { FieldIssue } from "../rules/types";
import type { HaproxyDirectiveText, HaproxySectionText } from "./haproxy-tokens";

export function placeComments(
  section: Pick<HaproxySectionText, "keyword" | "name" | "comments">,
  directives: HaproxyDirectiveText[],
  kept: string[],
  path: string,
  warnings: FieldIssue[],
): { kept: string[]; comments?: string[] } {
  const comments = [...(section.comments ?? [])];
  const placed: string[] = [];
  let next = 0;
  let movedAt: number | undefined;
  for (const directive of directives) {
    // `kept` is the raw lines in file order, a subsequence of the directives.
    const raw = kept[next] === directive.text;
    if (raw) placed.push(...(directive.comments ?? []), kept[next++] ?? "");
    else if (directive.comments) {
      comments.push(...directive.comments);
      movedAt ??= directive.line;
    }
  }
  placed.push(...kept.slice(next));
  if (movedAt !== undefined)
    warnings.push({
      path: `${path}.comments`,
      message: `line ${movedAt}: comments above a directive hapair models (in ${[section.keyword, section.name].filter(Boolean).join(" ")}) are kept above the section header`,
    });
  return { kept: placed, ...(comments.length > 0 ? { comments } : {}) };
}
