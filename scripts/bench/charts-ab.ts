/**
 * The traffic charts' CPU overhead per node-poll (issue 18), measured on a shared machine: runs
 * poll-cost.ts through the sink without and with the charts, interleaved (A/B/A/B…, so load from
 * others falls on both), and prints each run and the medians. Real probe on one lab pair.
 *
 * Run: HAPAIR_TEST_PAIR=lab-N npx tsx scripts/bench/charts-ab.ts [--pairs 3] [--rounds 30] [--every 500]
 */
import { spawnSync } from "node:child_process";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const PAIRS = Number(arg("--pairs", "3"));
const common = [
  "--hapair-only",
  "--sink",
  "--rounds",
  arg("--rounds", "30"),
  "--every",
  arg("--every", "500"),
];

/** One poll-cost run: net ms CPU per node-poll, as it prints it. */
function run(charts: boolean): number {
  const args = ["tsx", "scripts/bench/poll-cost.ts", ...common, ...(charts ? ["--charts"] : [])];
  const result = spawnSync("npx", args, { encoding: "utf8", timeout: 600_000 });
  const line = result.stdout.split("\n").find((l) => l.includes("ms CPU per node-poll")) ?? "";
  const figure = /: ([\d.]+) ms CPU per node-poll/.exec(line)?.[1];
  if (result.status !== 0 || figure === undefined)
    throw new Error(`poll-cost failed (${result.status}): ${result.stderr.trim().slice(-500)}`);
  console.log(`${charts ? "with charts   " : "without charts"} ${figure} ms  (${line.trim()})`);
  return Number(figure);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const without: number[] = [];
const withCharts: number[] = [];
for (let i = 0; i < PAIRS; i++) {
  // Alternate which goes first, so neither always follows the other's warm-up.
  const order = i % 2 === 0 ? [false, true] : [true, false];
  for (const charts of order) (charts ? withCharts : without).push(run(charts));
}
const a = median(without);
const b = median(withCharts);
const pairRatios = without.map((x, i) => ((withCharts[i] ?? x) - x) / x);
console.log(
  `medians over ${PAIRS} pairs: without charts ${a.toFixed(2)} ms, with charts ${b.toFixed(2)} ms per node-poll: ` +
    `charts add ${(((b - a) / a) * 100).toFixed(1)}% (median of the pairs' own ratios ${(median(pairRatios) * 100).toFixed(1)}%)`,
);
