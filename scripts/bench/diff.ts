/**
 * Diff bound benchmark (issue 22 item 7): two very different 5,000-server revisions (100 backends x 50
 * servers each) and a plan of two nodes holding 11k-line files unlike the rendered ones. Prints how long
 * each blocks the thread and whether the diff was shown or "too large".
 * Run: npx tsx scripts/bench/diff.ts            (add --unbounded to time jsdiff without the bounds, minutes)
 */
import { performance } from "node:perf_hooks";
import { createTwoFilesPatch } from "diff";
import { randomDefinition } from "@/lib/cluster/__fixtures__/random-definition";
import { revisionDiff } from "@/lib/cluster/diff";
import { validateDefinition } from "@/lib/cluster/validate";
import { definitionToYaml } from "@/lib/cluster/yaml";
import { buildPlan } from "@/lib/rollout/plan";

const revision = (number: number, seed: number) => {
  const checked = validateDefinition(randomDefinition(seed, { backends: 100, servers: 50 }));
  if (!checked.ok) throw new Error("benchmark definition invalid");
  return { number, definition: checked.definition };
};
const timed = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};

const [from, to] = [revision(1, 1), revision(2, 2)];
const [diff, diffMs] = timed(() => revisionDiff(from, to));
console.log(
  `revision diff, 5,000 servers each: ${diffMs.toFixed(0)} ms, ${diff === null ? "too large" : `${diff.split("\n").length} lines`}`,
);

const big = (lines: number, seed: string) =>
  Array.from(
    { length: lines },
    (_, i) => `    server s${i}-${seed} 10.1.${i % 250}.${i % 200}:8080 check`,
  ).join("\n");
const files = (seed: string) => [
  { role: "haproxy.cfg" as const, path: "/etc/haproxy/haproxy.cfg", text: big(11_000, seed), mode: 0o644 },
];
const [plan, planMs] = timed(() =>
  buildPlan({
    revision: 2,
    order: { backup: "b", master: "m" },
    desired: { b: files("new"), m: files("new") },
    current: {
      b: { "/etc/haproxy/haproxy.cfg": big(11_000, "old") },
      m: { "/etc/haproxy/haproxy.cfg": big(11_000, "old") },
    },
    lastPushed: null,
  }),
);
const tooLarge = plan.nodes.flatMap((n) => n.files).filter((f) => f.diffTooLarge).length;
console.log(
  `rollout plan, 2 nodes x 11k-line haproxy.cfg: ${planMs.toFixed(0)} ms, ${tooLarge} of 2 diffs too large`,
);

if (process.argv.includes("--unbounded")) {
  const [, ms] = timed(() =>
    createTwoFilesPatch(
      "a",
      "b",
      definitionToYaml(from.definition),
      definitionToYaml(to.definition),
      "",
      "",
      { context: 3 },
    ),
  );
  console.log(`unbounded jsdiff on the same revisions: ${ms.toFixed(0)} ms`);
}
