/**
 * Rollout under load (issue 6): bounded HTTPS load through the pair's VIP from the lab's client
 * (keep-alive, no retries, every error or non-200 counted) while hapair rolls out a changed revision,
 * once "graceful" and once "verify on backup". Prints failed requests and the rollout's total time.
 * The pair's own files are written back at the end.
 *
 * Run (as root, lab up): npx tsx scripts/bench/rollout-load.ts [--pair lab] [--rate 500] [--requests 20000]
 */
import { loadThroughVip, type LoadReport } from "@/e2e/lab/load";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { RolloutMode, RolloutView } from "@/lib/rollout/types";
import { flag } from "./flags";

const PAIR = flag("pair", "lab");
const RATE = Number(flag("rate", "500"));
const REQUESTS = Number(flag("requests", "20000"));
const LOAD_BEFORE_ROLLOUT_MS = 5_000;
process.env.HAPAIR_TEST_PAIR = PAIR;

const { useDatabase, saveOriginalFiles, restoreOriginalFiles, setup, describeRollout } =
  await import("@/e2e/integration/rollout-support");
useDatabase("bench-load");

/** A change every rollout can make: `timeout client` in defaults, a different value each time. */
const withClientTimeout =
  (seconds: number) =>
  (d: ClusterDefinition): ClusterDefinition => ({
    ...d,
    haproxy: {
      ...d.haproxy,
      defaults: {
        ...d.haproxy.defaults,
        options: [...new Set([...d.haproxy.defaults.options, "idle-close-on-response"])],
        timeouts: { ...d.haproxy.defaults.timeouts, client: `${seconds}s` },
      },
    },
  });

interface Result {
  mode: RolloutMode;
  load: LoadReport;
  rollout: RolloutView;
  rolloutMs: number;
}

async function main(): Promise<void> {
  const saved = saveOriginalFiles();
  const lab = await setup();
  const results: Result[] = [];
  try {
    // Not measured: the reload that brings idle-close-on-response in is done by a process without it.
    const prepared = await lab.rollOut(
      await lab.saveRevision(withClientTimeout(61), "bench: idle-close-on-response"),
      "graceful",
    );
    if (prepared.status !== "succeeded")
      throw new Error(`preparing rollout failed:\n${describeRollout(prepared)}`);
    let seconds = 62;
    for (const mode of ["graceful", "verify-on-backup"] as const) {
      const revision = await lab.saveRevision(withClientTimeout(seconds++), `bench: ${mode} under load`);
      const load = loadThroughVip(PAIR, { rate: RATE, total: REQUESTS });
      try {
        await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_ROLLOUT_MS));
        const started = Date.now();
        const rollout = await lab.rollOut(revision, mode);
        const rolloutMs = Date.now() - started;
        results.push({ mode, rollout, rolloutMs, load: await load.report });
        if (rollout.status !== "succeeded") console.error(describeRollout(rollout));
      } finally {
        load.stop();
      }
    }
  } finally {
    await lab.close();
    await restoreOriginalFiles(saved);
  }
  console.log(
    `\nRolling reload under load on ${PAIR}: ${REQUESTS} HTTPS requests at ${RATE} req/s through the VIP (keep-alive, no retries) per run`,
  );
  for (const { mode, load, rollout, rolloutMs } of results) {
    const errors =
      Object.entries(load.byError)
        .map(([e, n]) => `${e} ×${n}`)
        .join(", ") || "none";
    console.log(
      `${mode.padEnd(17)} rollout ${rollout.status} in ${(rolloutMs / 1000).toFixed(1)} s; ${load.failed} failed of ${load.sent} (${errors}); ` +
        `${load.achievedRate} req/s achieved, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`,
    );
  }
  process.exitCode =
    results.length === 2 &&
    results.every((r) => r.rollout.status === "succeeded") &&
    results[0]?.load.failed === 0
      ? 0
      : 1;
}

main().catch((error: unknown) => {
  console.error(`[rollout-load] ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
