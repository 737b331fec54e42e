/**
 * Render benchmark (issue: cluster definitions): a definition with 200 backends of 50 servers each
 * (10,000 servers) must validate and render in under 100 ms. Prints the figures; exits 1 over target.
 * Run: npx tsx scripts/bench/render.ts
 */
import { performance } from "node:perf_hooks";
import { randomDefinition } from "@/lib/cluster/__fixtures__/random-definition";
import { renderCluster } from "@/lib/cluster/render";
import { validateDefinition } from "@/lib/cluster/validate";
import { percentile } from "./stats";

const RUNS = 30;
const TARGET_MS = 100;
const input = randomDefinition(42, { backends: 200, servers: 50 });

function measure(run: () => void): number[] {
  for (let i = 0; i < 5; i++) run(); // warm-up: JIT
  return Array.from({ length: RUNS }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  }).sort((a, b) => a - b);
}

const checked = validateDefinition(input);
if (!checked.ok)
  throw new Error(`benchmark definition invalid: ${JSON.stringify(checked.issues.slice(0, 3))}`);
const definition = checked.definition;
const render = measure(() => renderCluster(definition));
const both = measure(() => {
  const result = validateDefinition(input);
  if (result.ok) renderCluster(result.definition);
});
const rendered = renderCluster(definition);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(
  `definition: 200 backends x 50 servers; haproxy.cfg ${rendered.haproxyCfg.split("\n").length} lines, ${(rendered.haproxyCfg.length / 1024).toFixed(0)} KiB`,
);
console.log(
  `render only:       p50 ${fmt(percentile(render, 50))}  p95 ${fmt(percentile(render, 95))}  max ${fmt(render.at(-1) ?? NaN)}  (${RUNS} runs)`,
);
console.log(
  `validate + render: p50 ${fmt(percentile(both, 50))}  p95 ${fmt(percentile(both, 95))}  max ${fmt(both.at(-1) ?? NaN)}  (${RUNS} runs)`,
);
const verdict = percentile(both, 95) < TARGET_MS;
console.log(`target: validate + render p95 < ${TARGET_MS} ms: ${verdict ? "met" : "MISSED"}`);
process.exitCode = verdict ? 0 : 1;
