/**
 * Splits haproxy.cfg into sections of directive lines. Blank lines are dropped; an operator's comments
 * are kept with what follows them (a directive, or a section header), a trailing comment as a
 * full-line one above its directive. Pure.
 */
import { haproxyLine } from "../haproxy-line";
import { SECTION_KEYWORDS } from "../schema/haproxy";

export interface HaproxyDirectiveText {
  text: string;
  line: number;
  /** Full-line comments directly above it (blank lines between are ignored), as written, trimmed. */
  comments?: string[];
}

export interface HaproxySectionText {
  keyword: string;
  name: string;
  /** The header's words as HAProxy reads them (kind, name, `from`, …). */
  words: string[];
  /** 1-based line number of the header, for warnings. */
  line: number;
  directives: HaproxyDirectiveText[];
  /** Comments above the header. */
  comments?: string[];
  /** The `.if` expression the whole section is inside (haproxy-conditions.ts). */
  condition?: string;
}

/** The two lines hapair writes at the top of every haproxy.cfg: not the operator's, so not kept. */
const HAPAIR_HEADER =
  /^# (Managed by hapair \(cluster .*\); identical on both nodes\.|Edits made on a node show up as drift and are replaced by the next rollout\.)$/;

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

const withComments = (comments: string[]) => (comments.length > 0 ? { comments } : {});

export function splitHaproxySections(text: string): {
  preamble: HaproxyDirectiveText[];
  sections: HaproxySectionText[];
  /** Comments after the last directive of the file. */
  endComments: string[];
} {
  const preamble: HaproxyDirectiveText[] = [];
  const sections: HaproxySectionText[] = [];
  let pending: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const stripped = stripComment(raw);
    const line = stripped.trim();
    const comment = raw.slice(stripped.length).trim();
    if (comment && !HAPAIR_HEADER.test(comment)) pending.push(comment);
    if (!line) return;
    // A header is found the way HAProxy finds it: after unquoting and unescaping (haproxy-line.ts).
    const words = haproxyLine(line).words;
    const [keyword = "", name = ""] = words;
    const comments = withComments(pending);
    pending = [];
    if (SECTION_KEYWORDS.has(keyword))
      sections.push({ keyword, name, words, line: index + 1, directives: [], ...comments });
    else (sections.at(-1)?.directives ?? preamble).push({ text: line, line: index + 1, ...comments });
  });
  return { preamble, sections, endComments: pending };
}
