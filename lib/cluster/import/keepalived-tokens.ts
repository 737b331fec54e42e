/**
 * Parses keepalived.conf into a tree of statements: `words` plus, for blocks, `children`. Handles
 * quoted strings, `#`/`!` comments and braces on the same or the next line. Pure.
 */

export interface KeepalivedStatement {
  words: string[];
  children?: KeepalivedStatement[];
  line: number;
}

function tokenizeLine(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? "";
    if (/\s/.test(c)) i++;
    else if (c === "#" || c === "!") break;
    else if (c === "{" || c === "}") { tokens.push(c); i++; }
    else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      const stop = end === -1 ? line.length : end;
      tokens.push(`"${line.slice(i + 1, stop)}"`);
      i = stop + 1;
    } else {
      let j = i;
      while (j < line.length && !/[\s{}"]/.test(line[j] ?? "")) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseKeepalivedConf(text: string): KeepalivedStatement[] {
  const root: KeepalivedStatement[] = [];
  const stack: KeepalivedStatement[][] = [root];
  let pending: KeepalivedStatement | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    for (const token of tokenizeLine(raw)) {
      const current = stack.at(-1) ?? root;
      if (token === "{") {
        const owner: KeepalivedStatement = pending ?? current.at(-1) ?? { words: [], line: index + 1 };
        if (!pending && !current.includes(owner)) current.push(owner);
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

/** The unquoted value of a word (`"…"` → `…`). */
export function unquote(word: string): string {
  return word.startsWith('"') && word.endsWith('"') ? word.slice(1, -1) : word;
}

/** Writes statements back as indented lines (for blocks kept verbatim). */
export function serializeStatements(statements: KeepalivedStatement[], indent = ""): string[] {
  return statements.flatMap((s) =>
    s.children ? [`${indent}${s.words.join(" ")} {`, ...serializeStatements(s.children, `${indent}    `), `${indent}}`] : [`${indent}${s.words.join(" ")}`],
  );
}
