/**
 * Failover drills, n runs per mode (issue 16): per mode the measured failover p50/max against the
 * bound computed from the definition, fail-back p50, and client failures through the VIP. Drills run
 * with hapair's own poller, alert evaluator and drill worker in this process, on a database of its own.
 * Node death uses the lab's stand-in (e2e/lab/assets/node-death.sh, never a reboot).
 *
 * Run (as root, lab up): npx tsx scripts/bench/drills.ts [--pair lab] [--runs 5] [--modes process,partition,node]
 */
import type { DrillMode, DrillView } from "@/lib/drill/types";
import { NODE_DEATH_COMMAND, STATE_DIR } from "@/e2e/lab/state";
import { percentile } from "./stats";
import { flag } from "./flags";

const PAIR = flag("pair", "lab");
const RUNS = Math.max(1, Math.min(50, Number(flag("runs", "5"))));
const MODES = flag("modes", "process,partition,node")
  .split(",")
  .filter((m): m is DrillMode => m === "process" || m === "partition" || m === "node");
process.env.HAPAIR_TEST_PAIR = PAIR;
// The lab's SSH key sits in its state folder; hapair reads key files only from HAPAIR_KEY_DIR.
process.env.HAPAIR_KEY_DIR ??= STATE_DIR;

const { setupDrills, useDatabase, expectPairBack, describeDrill } =
  await import("@/e2e/integration/drill-support");
useDatabase(`bench-drills-${PAIR}`);
const lab = await setupDrills({
  change: (d) => ({
    ...d,
    drills: {
      deadManSeconds: 60,
      nodeDeath: { enabled: true, command: [NODE_DEATH_COMMAND, "15"], returnWithinSeconds: 120 },
    },
  }),
});

const results = new Map<DrillMode, DrillView[]>();
try {
  for (const mode of MODES) {
    for (let i = 0; i < RUNS; i++) {
      const drill = await lab.drill({ mode, confirmNodeDeath: mode === "node" });
      if (drill.status !== "passed") console.error(describeDrill(drill));
      console.error(
        `[drills] ${mode} ${i + 1}/${RUNS}: ${drill.status}, failover ${drill.report?.measuredFailoverMs ?? "?"} ms (bound ${drill.report?.expectedFailoverMs ?? "?"} ms), ${drill.report?.clientFailures ?? "?"}/${drill.report?.clientRequests ?? "?"} requests failed`,
      );
      results.set(mode, [...(results.get(mode) ?? []), drill]);
      await expectPairBack();
      await lab.waitHealthy();
    }
  }
} finally {
  await lab.close();
}

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
console.log(
  row([
    "mode",
    "runs",
    "passed",
    "failover p50",
    "failover max",
    "bound",
    "fail-back p50",
    "client failures (total/requests)",
  ]),
);
console.log(row(["---", "---", "---", "---", "---", "---", "---", "---"]));
for (const [mode, drills] of results) {
  const failovers = drills
    .flatMap((d) => (d.report?.measuredFailoverMs != null ? [d.report.measuredFailoverMs] : []))
    .sort((a, b) => a - b);
  const failbacks = drills
    .flatMap((d) => (d.report?.failbackMs != null ? [d.report.failbackMs] : []))
    .sort((a, b) => a - b);
  const bound = drills[0]?.report?.expectedFailoverMs ?? null;
  const failures = drills.reduce((sum, d) => sum + (d.report?.clientFailures ?? 0), 0);
  const requests = drills.reduce((sum, d) => sum + (d.report?.clientRequests ?? 0), 0);
  console.log(
    row([
      mode,
      drills.length,
      drills.filter((d) => d.status === "passed").length,
      `${percentile(failovers, 50)} ms`,
      `${failovers.at(-1) ?? NaN} ms`,
      bound === null ? "—" : `${bound} ms`,
      `${percentile(failbacks, 50)} ms`,
      `${failures}/${requests}`,
    ]),
  );
}
