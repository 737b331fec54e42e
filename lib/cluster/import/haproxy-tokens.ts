/** Splits haproxy.cfg into sections of directive lines, comments and blank lines removed. Pure. */
import { haproxyLine } from "../haproxy-line";
import { SECTION_KEYWORDS } from "../schema/haproxy";

export interface HaproxySectionText {
  keyword: string;
  name: string;
  /** The header's words as HAProxy reads them (kind, name, `from`, …). */
  words: string[];
  /** 1-based line number of the header, for warnings. */
  line: number;
  directives: { text: string; line: number }[];
  /** The `.if` expression the whole section is inside (haproxy-conditions.ts). */
  condition?: string;
}

/** Drops a trailing `# comment` that is not inside quotes or escaped. */
export function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") i++;
    else if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

export function splitHaproxySections(text: string): {
  preamble: { text: string; line: number }[];
  sections: HaproxySectionText[];
} {
  const preamble: { text: string; line: number }[] = [];
  const sections: HaproxySectionText[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw).trim();
    if (!line) return;
    // A header is found the way HAProxy finds it: after unquoting and unescaping (haproxy-line.ts).
    const words = haproxyLine(line).words;
    const [keyword = "", name = ""] = words;
    if (SECTION_KEYWORDS.has(keyword))
      sections.push({ keyword, name, words, line: index + 1, directives: [] });
    else (sections.at(-1)?.directives ?? preamble).push({ text: line, line: index + 1 });
  });
  return { preamble, sections };
}
