/**
 * Parses keepalived.conf into a tree of statements: `words` plus, for blocks, `children`. Handles
 * quoted strings, `#`/`!` comments and braces on the same or the next line. Pure.
 */

export interface KeepalivedStatement {
  words: string[];
  children?: KeepalivedStatement[];
  line: number;
}

/** One token per match: blanks (skipped), a comment sign at a token's start, a brace, a quoted string, a word. */
const TOKEN = /\s+|([#!])|([{}])|"([^"]*)"?|([^\s{}"]+)/g;

function tokenizeLine(line: string): string[] {
  const tokens: string[] = [];
  for (const m of line.matchAll(TOKEN)) {
    if (m[1]) break;
    if (m[2] !== undefined) tokens.push(m[2]);
    else if (m[3] !== undefined) tokens.push(`"${m[3]}"`);
    else if (m[4] !== undefined) tokens.push(m[4]);
  }
  return tokens;
}

/** keepalived's own configs nest four deep (virtual_server > real_server > HTTP_GET > url). */
export const MAX_KEEPALIVED_DEPTH = 16;

/** A file hapair will not parse (too deeply nested); `line` is 1-based. */
export class KeepalivedLimitError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Linear in the text; throws KeepalivedLimitError past MAX_KEEPALIVED_DEPTH. */
export function parseKeepalivedConf(text: string): KeepalivedStatement[] {
  const root: KeepalivedStatement[] = [];
  const stack: KeepalivedStatement[][] = [root];
  let pending: KeepalivedStatement | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    for (const token of tokenizeLine(raw)) {
      const current = stack.at(-1) ?? root;
      if (token === "{") {
        if (stack.length > MAX_KEEPALIVED_DEPTH)
          throw new KeepalivedLimitError(index + 1, `blocks nested more than ${MAX_KEEPALIVED_DEPTH} deep`);
        // A brace with no statement on its line opens the previous statement's block (or a nameless one).
        let owner = pending ?? current.at(-1);
        if (!owner) {
          owner = { words: [], line: index + 1 };
          current.push(owner);
        }
        owner.children = owner.children ?? [];
        stack.push(owner.children);
        pending = null;
      } else if (token === "}") {
        pending = null;
        if (stack.length > 1) stack.pop();
      } else if (pending && pending.line === index + 1) pending.words.push(token);
      else {
        pending = { words: [token], line: index + 1 };
        current.push(pending);
      }
    }
    // A statement ends at the end of its line unless a brace follows on the next one.
    if (pending && pending.line !== index + 1) pending = null;
  });
  return root;
}

/** The nesting error of a file, as a message, or null: the import request's own check. */
export function keepalivedLimitIssue(text: string): string | null {
  try {
    parseKeepalivedConf(text);
    return null;
  } catch (error) {
    if (error instanceof KeepalivedLimitError) return error.message;
    throw error;
  }
}

/** The unquoted value of a word (`"…"` → `…`). */
export function unquote(word: string): string {
  return word.startsWith('"') && word.endsWith('"') ? word.slice(1, -1) : word;
}

/** Writes statements back as indented lines (for blocks kept verbatim). */
export function serializeStatements(statements: KeepalivedStatement[], indent = ""): string[] {
  return statements.flatMap((s) =>
    s.children
      ? [`${indent}${s.words.join(" ")} {`, ...serializeStatements(s.children, `${indent}    `), `${indent}}`]
      : [`${indent}${s.words.join(" ")}`],
  );
}
