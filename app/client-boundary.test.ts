/**
 * The client/server boundary, checked on the source (our stand-in for `import "server-only"`, which
 * throws under plain Node/tsx where lib/store, lib/db, lib/ssh and lib/secrets also run): nothing a
 * "use client" file imports for its value, directly or through other modules, is one of those.
 * Type-only imports are erased and do not count. ESLint's hapair/client-server-boundary says the
 * direct case in the editor; this follows the whole chain.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SERVER = /^lib\/(store|db|ssh|secrets)\//;

type Source = (path: string) => string | null;

/** Value imports (and re-exports) of a module, as written; `import type` and all-`type` lists left out. */
export function valueImports(text: string): string[] {
  const found: string[] = [];
  const statement =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;
  for (const m of text.matchAll(statement)) {
    if (m[5] !== undefined) {
      found.push(m[5]);
      continue;
    }
    if (m[2] !== undefined) continue;
    const list = /^\{([^}]*)\}$/.exec((m[3] ?? "").trim());
    const names = list?.[1]
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (names && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    found.push(m[4] ?? "");
  }
  return found;
}

/** A specifier as a repository path with its extension ("lib/store/alerts.ts"), or null (a package). */
function resolveSpec(from: string, spec: string, source: Source): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = posix.normalize(posix.join(posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (/\.tsx?$/.test(candidate) && source(candidate) !== null) return candidate;
  return null;
}

/** Every chain from `entry` to a server module, each as "a → b → lib/store/x.ts". */
export function serverReach(entry: string, source: Source): string[] {
  const chains: string[] = [];
  const seen = new Set<string>([entry]);
  const queue: string[][] = [[entry]];
  for (let path = queue.shift(); path; path = queue.shift()) {
    const file = path.at(-1) ?? entry;
    for (const spec of valueImports(source(file) ?? "")) {
      const to = resolveSpec(file, spec, source);
      if (to === null || seen.has(to)) continue;
      seen.add(to);
      if (SERVER.test(to)) chains.push([...path, to].join(" → "));
      else queue.push([...path, to]);
    }
  }
  return chains;
}

const disk: Source = (path) => {
  const full = join(ROOT, path);
  return existsSync(full) ? readFileSync(full, "utf8") : null;
};

const clientFiles = () =>
  readdirSync(join(ROOT, "app"), { recursive: true, encoding: "utf8" })
    .map((f) => posix.join("app", f.split("\\").join("/")))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"))
    .filter((f) => /^\s*["']use client["']/.test(disk(f) ?? ""));

describe("client/server boundary", () => {
  it("no client file reaches lib/store, lib/db, lib/ssh or lib/secrets", () => {
    const files = clientFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => serverReach(f, disk))).toEqual([]);
  });

  it("finds a server module reached through another module, and passes type-only imports", () => {
    const files: Record<string, string> = {
      "app/a.tsx": '"use client";\nimport { b } from "./b";\nimport type { T } from "@/lib/store/t";\n',
      "app/b.ts": 'import { type U } from "@/lib/db/u";\nexport { c } from "../lib/c";\n',
      "lib/c.ts": 'import { db } from "@/lib/db/client";\n',
      "lib/store/t.ts": "",
      "lib/db/u.ts": "",
      "lib/db/client.ts": "",
    };
    const source: Source = (path) => files[path] ?? null;
    expect(serverReach("app/a.tsx", source)).toEqual(["app/a.tsx → app/b.ts → lib/c.ts → lib/db/client.ts"]);
  });
});
