/**
 * The layering rule, checked on the source: an agent (agents/<name>/) imports only lib/ and
 * agents/runtime/, never another agent; agents/runtime/ imports no agent; a rollout step module does
 * not import another step module (shared pieces live in node-checks.ts, context.ts, run.ts); lib/
 * never imports agents/, and the SSH transport never imports its consumers (lib/probes and up).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => posix.join(folder, f.split("\\").join("/")));
}

/** Every module a file imports, as a path from the repository root ("lib/ssh/pool", "node:fs", "ssh2"). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? "");
  return specs.map((spec) => {
    if (spec.startsWith("@/")) return spec.slice(2);
    if (spec.startsWith("."))
      return relative(ROOT, resolve(ROOT, dirname(file), spec))
        .split("\\")
        .join("/");
    return spec;
  });
}

const agentOf = (path: string) => /^agents\/([^/]+)\//.exec(path)?.[1] ?? null;

describe("import rules", () => {
  it("an agent imports no other agent, only lib/ and agents/runtime/", () => {
    const wrong = sources("agents").flatMap((file) => {
      const own = agentOf(file);
      return importsOf(file)
        .filter((to) => {
          const other = agentOf(to);
          return (
            own !== null && other !== null && other !== own && (other !== "runtime" || own === "runtime")
          );
        })
        .map((to) => `${file} → ${to}`);
    });
    expect(wrong).toEqual([]);
  });

  it("rollout step modules do not import each other", () => {
    const steps = sources("agents/rollouts").filter((f) => f.endsWith("-steps.ts"));
    const wrong = steps.flatMap((file) =>
      importsOf(file)
        .filter((to) => to.endsWith("-steps") && to.startsWith("agents/rollouts/"))
        .map((to) => `${file} → ${to}`),
    );
    expect(wrong).toEqual([]);
  });

  it("lib/ imports no agent, and the SSH transport imports none of its consumers", () => {
    const wrong = sources("lib").flatMap((file) =>
      importsOf(file)
        .filter(
          (to) =>
            to.startsWith("agents/") ||
            (file.startsWith("lib/ssh/") &&
              !file.includes("__testing__") &&
              /^lib\/(probes|rollout|status|store|alerts)\//.test(to)),
        )
        .map((to) => `${file} → ${to}`),
    );
    expect(wrong).toEqual([]);
  });

  it("finds imports at all (the scan is not vacuous)", () => {
    expect(importsOf("agents/rollouts/execute.ts")).toContain("agents/rollouts/run");
    expect(importsOf("agents/rollouts/execute.ts")).toContain("lib/rollout/steps");
  });
});
