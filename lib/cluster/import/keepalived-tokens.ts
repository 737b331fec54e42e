/**
 * Parses keepalived.conf into a tree of statements: `words` plus, for blocks, `children`. Handles
 * quoted strings, `#`/`!` comments and braces on the same or the next line. An operator's comments are
 * kept on the statement below them (a trailing one on its own line's statement). Pure.
 */

export interface KeepalivedStatement {
  words: string[];
  children?: KeepalivedStatement[];
  line: number;
  /** Full-line comments directly above it, then a trailing one on its line, as written (trimmed). */
  comments?: string[];
}

/** The line hapair writes at the top of every keepalived.conf: not the operator's, so not kept. */
const HAPAIR_HEADER =
  /^# Managed by hapair \(cluster .*, node .*\); only per-node fields differ from the peer's\.$/;

/** One token per match: blanks (skipped), a comment sign at a token's start, a brace, a quoted string, a word. */
const TOKEN = /\s+|([#!])|([{}])|"([^"]*)"?|([^\s{}"]+)/g;

function tokenizeLine(line: string): { tokens: string[]; comment?: string } {
  const tokens: string[] = [];
  for (const m of line.matchAll(TOKEN)) {
    if (m[1]) return { tokens, comment: line.slice(m.index).trim() };
    if (m[2] !== undefined) tokens.push(m[2]);
    else if (m[3] !== undefined) tokens.push(`"${m[3]}"`);
    else if (m[4] !== undefined) tokens.push(m[4]);
  }
  return { tokens };
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
  return parseKeepalivedComments(text).statements;
}

/** The statements, and the comments after the last one (the end of the file). */
export function parseKeepalivedComments(text: string): {
  statements: KeepalivedStatement[];
  endComments: string[];
} {
  const root: KeepalivedStatement[] = [];
  const stack: KeepalivedStatement[][] = [root];
  let pending: KeepalivedStatement | null = null;
  let comments: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const { tokens, comment } = tokenizeLine(raw);
    const keep = comment !== undefined && !HAPAIR_HEADER.test(comment);
    if (keep && tokens.length === 0) comments.push(comment);
    let started: KeepalivedStatement | undefined;
    for (const token of tokens) {
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
        pending = { words: [token], line: index + 1, ...(comments.length > 0 ? { comments } : {}) };
        comments = [];
        started ??= pending;
        current.push(pending);
      }
    }
    // A trailing comment belongs to the statement its line starts; after a lone brace, to the next one.
    if (keep && tokens.length > 0) {
      if (started) started.comments = [...(started.comments ?? []), comment];
      else comments.push(comment);
    }
    // A statement ends at the end of its line unless a brace follows on the next one.
    if (pending && pending.line !== index + 1) pending = null;
  });
  return { statements: root, endComments: comments };
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

/** Writes statements back as indented lines (for blocks kept verbatim), each below its comments. */
export function serializeStatements(statements: KeepalivedStatement[], indent = ""): string[] {
  return statements.flatMap((s) => [
    ...(s.comments ?? []).map((comment) => `${indent}${comment}`),
    ...(s.children
      ? [`${indent}${s.words.join(" ")} {`, ...serializeStatements(s.children, `${indent}    `), `${indent}}`]
      : [`${indent}${s.words.join(" ")}`]),
  ]);
}

/** Every comment in a statement and the blocks inside it, in file order. */
export function commentsWithin(statement: KeepalivedStatement): string[] {
  return [...(statement.comments ?? []), ...(statement.children ?? []).flatMap(commentsWithin)];
}
