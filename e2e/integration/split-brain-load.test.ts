/**
 * A real split-brain (VRRP blocked between the nodes), unblocked while the machine is under CPU load
 * (busy loops bounded in time, killed by PID): exactly one "fire" and one "resolve" per run. Under
 * load the poll interval stretches past the 2 s hold, and the VRRP state read one poll ahead once
 * paired with a fresh VIP reading into a second "both report MASTER" page after the unblock.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockVrrp, unblockVrrp } from "@/e2e/lab/control";
import { startAlertLab, sleep, until, type AlertLab } from "./alerts-support";

const RUNS = 3;
const BUSY_LOOPS = 1;
/** After the resolve: a false second split-brain came about 2.5 s after the unblock. */
const WATCH_AFTER_MS = 8_000;
let lab: AlertLab;

beforeAll(async () => {
  lab = await startAlertLab("split-brain-load");
  await lab.settled();
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

/** Busy loops that end by themselves after `seconds` even if this process dies. */
function busyLoops(seconds: number): ChildProcess[] {
  return Array.from({ length: BUSY_LOOPS }, () =>
    spawn("timeout", [String(seconds), "sh", "-c", "while :; do :; done"], { stdio: "ignore" }),
  );
}

describe("split-brain unblocked under CPU load", () => {
  it(`fires once and resolves once in each of ${RUNS} runs`, async () => {
    const outcomes: string[][] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = Date.now();
      const loops = busyLoops(40);
      try {
        blockVrrp(lab.master);
        await until(
          "split-brain fire",
          30_000,
          () => lab.pagesSince(started, "split-brain").find((p) => p.message.event === "fire") ?? null,
          50,
        );
        await sleep(1_000);
      } finally {
        unblockVrrp(lab.master);
      }
      try {
        await until(
          "split-brain resolve",
          30_000,
          () => lab.pagesSince(started, "split-brain").find((p) => p.message.event === "resolve") ?? null,
          50,
        );
        await sleep(WATCH_AFTER_MS);
      } finally {
        // SIGTERM: timeout(1) passes it on to its loop (a SIGKILL would orphan the loop until its deadline).
        for (const loop of loops) if (loop.pid && loop.exitCode === null) process.kill(loop.pid, "SIGTERM");
      }
      const pages = lab
        .pagesSince(started, "split-brain")
        .map((p) => `${p.message.event} ${p.message.summary}`);
      console.log(`[split-brain-load] run ${run + 1}: ${pages.join("; ")}`);
      outcomes.push(pages.map((p) => p.split(" ")[0] ?? ""));
      await lab.settled();
    }
    expect(outcomes).toEqual(Array.from({ length: RUNS }, () => ["fire", "resolve"]));
  }, 400_000);
});
