import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { randomDefinition } from "./__fixtures__/random-definition";
import { boundedPatch, DIFF_LIMITS } from "./bounded-diff";
import { revisionDiff } from "./diff";
import { validateDefinition } from "./validate";

const revision = (number: number, seed: number) => {
  const checked = validateDefinition(randomDefinition(seed, { backends: 100, servers: 50 }));
  if (!checked.ok) throw new Error(`fixture invalid: ${checked.issues[0]?.message}`);
  return { number, definition: checked.definition };
};

describe("bounded diffs", () => {
  it(
    "diffs two very different 5,000-server revisions quickly, or says too large",
    { timeout: 60_000 },
    () => {
      const [from, to] = [revision(1, 1), revision(2, 2)];
      const start = performance.now();
      const diff = revisionDiff(from, to);
      const ms = performance.now() - start;
      // Unbounded this took minutes (issue 22 item 7); the bound is 500 ms of diffing plus YAML. Generous for a loaded CI box.
      expect(ms).toBeLessThan(15_000);
      expect(diff === null || diff.includes("@@")).toBe(true);
    },
  );

  it("still diffs small changes in full", () => {
    expect(boundedPatch("a", "b", "x\ny\nz\n", "x\nY\nz\n")).toMatch(/^-y$\n^\+Y$/m);
    expect(boundedPatch("a", "b", "same\n", "same\n")).not.toBeNull();
  });

  it("refuses past the line, edit and time bounds", () => {
    const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join("\n");
    expect(
      boundedPatch("a", "b", lines(60, "a"), lines(60, "b"), { ...DIFF_LIMITS, maxLines: 100 }),
    ).toBeNull();
    expect(
      boundedPatch("a", "b", lines(60, "a"), lines(60, "b"), { ...DIFF_LIMITS, maxEditLength: 10 }),
    ).toBeNull();
    expect(
      boundedPatch("a", "b", lines(60, "a"), lines(60, "b"), { ...DIFF_LIMITS, timeoutMs: 0 }),
    ).toBeNull();
  });
});
