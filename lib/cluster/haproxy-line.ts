/**
 * Splits one haproxy.cfg line into words the way HAProxy 2.6 reads it (checked with the real
 * `haproxy -c`): blanks separate words outside quotes; `#` outside quotes ends the line, even inside
 * a word; single quotes are literal; a backslash outside single quotes escapes a blank, `\`, `#`,
 * `'`, `"` or `$`, and `\r \n \t \xHH` stand for those bytes; inside double quotes `$VAR` and
 * `${VAR}` are environment variables, which only the node knows. Pure and linear in the line.
 */

export interface HaproxyLine {
  words: string[];
  /** A word takes an environment variable's value (its real text is unknown here). */
  variable: boolean[];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  " ": " ",
  "\t": "\t",
  "\\": "\\",
  "#": "#",
  "'": "'",
  '"': '"',
  $: "$",
  r: "\r",
  n: "\n",
  t: "\t",
};

export function haproxyLine(line: string): HaproxyLine {
  const words: string[] = [];
  const variable: boolean[] = [];
  let word: string | null = null;
  let expands = false;
  let quote: "'" | '"' | null = null;
  const end = () => {
    if (word !== null) {
      words.push(word);
      variable.push(expands);
    }
    word = null;
    expands = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (!quote && (c === " " || c === "\t")) {
      end();
      continue;
    }
    if (!quote && c === "#") break;
    word ??= "";
    if (c === "\\") {
      const next = line[i + 1] ?? "";
      const hex = next === "x" ? /^[0-9A-Fa-f]{2}/.exec(line.slice(i + 2, i + 4))?.[0] : undefined;
      if (hex) {
        word += String.fromCharCode(parseInt(hex, 16));
        i += 3;
      } else if (next in SIMPLE_ESCAPES) {
        word += SIMPLE_ESCAPES[next];
        i++;
      } else word += c;
    } else if (quote === '"' && c === "$" && /[A-Za-z_{]/.test(line[i + 1] ?? "")) {
      expands = true;
      word += c;
    } else if (c === '"') quote = quote ? null : '"';
    else if (c === "'" && !quote) quote = "'";
    else word += c;
  }
  end();
  return { words, variable };
}

/** The directive's keyword as HAProxy sees it ("" for a blank or comment-only line). */
export function haproxyKeyword(line: string): { keyword: string; variable: boolean } {
  const { words, variable } = haproxyLine(line);
  return { keyword: words[0] ?? "", variable: variable[0] ?? false };
}
