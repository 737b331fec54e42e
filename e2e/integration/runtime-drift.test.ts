/**
 * Runtime state drift on the test pair (issue 21, item 4): a server drained by hand on one node's admin
 * socket (the lab's control helper, not hapair) and a weight changed by hand on the other are paged after
 * the drift hold; "align" (a server action with `align`) puts both nodes back to the intended state and
 * the configured weight, audited, and the pages resolve. The servers are made READY at weight 100% on
 * both nodes whatever happens (the lab is shared).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSocket, labExec } from "@/e2e/lab/control";
import { parseShowStat } from "@/lib/probes/parse/haproxy-stat";
import { startAlertLab, until, withHolds, type AlertLab } from "./alerts-support";

const BACKEND = "be_app";
const DRAINED = "app-03";
const WEIGHTED = "app-02";
/** Made DOWN on both nodes (its check pointed at a closed port), then drained on one: `show stat` says DOWN on both. */
const DOWN = "app-01";
const HOLD_S = 4;
/** Where the lab's definition keeps HAProxy's server states (paths.serverStateFile's default). */
const SERVER_STATE_FILE = "/var/lib/haproxy/server-state";
let lab: AlertLab;

function serverOn(node: string, server: string) {
  return parseShowStat(adminSocket(node, `show stat ${BACKEND} 4 -1`)).find((row) => row.name === server);
}

/** DOWN's address as the lab configures it, read before the test moves it. */
let downAddress: { host: string; port: string } | null = null;

function restore(): void {
  for (const node of [lab.master, lab.backup]) {
    for (const server of [DRAINED, WEIGHTED, DOWN]) {
      adminSocket(node, `set server ${BACKEND}/${server} state ready`);
      adminSocket(node, `set server ${BACKEND}/${server} weight 100%`);
    }
    if (downAddress)
      adminSocket(node, `set server ${BACKEND}/${DOWN} addr ${downAddress.host} port ${downAddress.port}`);
    // The align action saved the server-state file while DOWN pointed at port 1; HAProxy's next reload
    // (the next test's) would load that address back and keep DOWN down. Save the restored states.
    labExec(node, [
      "sh",
      "-c",
      'echo "show servers state" | socat stdio /run/haproxy/admin.sock > "$1.tmp" && mv "$1.tmp" "$1"',
      "save-state",
      SERVER_STATE_FILE,
    ]);
  }
}

beforeAll(async () => {
  lab = await startAlertLab("runtime-drift", { definition: withHolds({ runtimeDrift: HOLD_S }) });
  const [host, port] = (serverOn(lab.master, DOWN)?.address ?? "").split(":");
  if (!host || !port) throw new Error(`no address for ${BACKEND}/${DOWN}`);
  downAddress = { host, port };
  restore();
  await lab.settled();
});

afterAll(async () => {
  if (lab) restore();
  await lab?.stop();
});

const page = (from: number, event: "fire" | "resolve", server: string) => () =>
  lab
    .pagesSince(from, "drift")
    .find((p) => p.message.event === event && p.message.key === `runtime:${BACKEND}/${server}`) ?? null;

describe("runtime state drift (lab)", () => {
  it("pages a drain and a weight set by hand on one node after the hold; align fixes both nodes", async () => {
    const { requestServerAction } = await import("@/lib/store/server-actions");
    const { runPendingServerActions } = await import("@/agents/server-actions/run-actions");
    const { createSshPool } = await import("@/lib/ssh");
    try {
      const started = Date.now();
      adminSocket(lab.backup, `set server ${BACKEND}/${DRAINED} state drain`);
      adminSocket(lab.master, `set server ${BACKEND}/${WEIGHTED} weight 3`);
      expect(serverOn(lab.backup, DRAINED)?.status).toBe("DRAIN");

      const drained = await until("the drain page", 30_000, page(started, "fire", DRAINED), 100);
      const weighted = await until("the weight page", 30_000, page(started, "fire", WEIGHTED), 100);
      console.log(
        `[runtime-drift] '${drained.message.summary}' paged ${drained.at - started} ms after the drain by hand (hold ${HOLD_S} s); ` +
          `'${weighted.message.summary}' after ${weighted.at - started} ms`,
      );
      expect(drained.at - started).toBeGreaterThanOrEqual(HOLD_S * 1000);
      expect(drained.message.summary).toContain(`DRAIN on ${lab.backup}`);
      expect(weighted.message.summary).toContain(`weight 3 on ${lab.master}`);

      // Align as the backends table's button asks: the intended state (no action yet: ready) and the weight.
      const aligning = Date.now();
      const pool = createSshPool();
      try {
        for (const server of [DRAINED, WEIGHTED]) {
          const asked = await requestServerAction(
            lab.db,
            lab.clusterId,
            { backend: BACKEND, server, action: "ready", align: true },
            "operator",
          );
          expect(asked.ok).toBe(true);
        }
        const finished = await runPendingServerActions(lab.db, pool);
        expect(finished.map((a) => [a.server, a.status, a.align])).toEqual([
          [DRAINED, "done", true],
          [WEIGHTED, "done", true],
        ]);
      } finally {
        pool.closeAll();
      }
      for (const node of [lab.master, lab.backup]) {
        expect(serverOn(node, DRAINED)?.status).toMatch(/^UP/);
        expect(serverOn(node, WEIGHTED)?.weight).toBe(serverOn(node, DRAINED)?.weight);
      }
      const audit = await lab.db.auditEntry.findMany({ where: { action: "server.align" } });
      expect(audit.map((a) => a.target).sort()).toEqual([`${BACKEND}/${WEIGHTED}`, `${BACKEND}/${DRAINED}`]);
      const resolved = await until(
        "the drain page resolved",
        30_000,
        page(aligning, "resolve", DRAINED),
        100,
      );
      await until("the weight page resolved", 30_000, page(aligning, "resolve", WEIGHTED), 100);
      console.log(`[runtime-drift] align done and resolved ${resolved.at - aligning} ms after it was asked`);
    } finally {
      restore();
    }
  }, 120_000);

  it("pages a drain by hand on one node of a server DOWN on both (show stat says DOWN); align fixes it", async () => {
    const { requestServerAction } = await import("@/lib/store/server-actions");
    const { runPendingServerActions } = await import("@/agents/server-actions/run-actions");
    const { createSshPool } = await import("@/lib/ssh");
    try {
      // Port 1 refuses at once: the check fails on both nodes (fall 3 × inter 2 s).
      for (const node of [lab.master, lab.backup])
        adminSocket(node, `set server ${BACKEND}/${DOWN} addr ${downAddress?.host} port 1`);
      await until(
        `${DOWN} DOWN on both nodes`,
        30_000,
        () => [lab.master, lab.backup].every((n) => serverOn(n, DOWN)?.status === "DOWN") || null,
        250,
      );
      const started = Date.now();
      adminSocket(lab.backup, `set server ${BACKEND}/${DOWN} state drain`);
      for (const node of [lab.master, lab.backup]) expect(serverOn(node, DOWN)?.status).toBe("DOWN");

      const drained = await until("the drain page", 30_000, page(started, "fire", DOWN), 100);
      console.log(
        `[runtime-drift] '${drained.message.summary}' paged ${drained.at - started} ms after the drain by hand of a DOWN server`,
      );
      expect(drained.message.summary).toContain(`READY on ${lab.master}, DRAIN on ${lab.backup}`);

      const aligning = Date.now();
      const pool = createSshPool();
      try {
        const asked = await requestServerAction(
          lab.db,
          lab.clusterId,
          { backend: BACKEND, server: DOWN, action: "ready", align: true },
          "operator",
        );
        expect(asked.ok).toBe(true);
        const finished = await runPendingServerActions(lab.db, pool);
        expect(finished.map((a) => [a.server, a.status])).toEqual([[DOWN, "done"]]);
      } finally {
        pool.closeAll();
      }
      await until("the drain page resolved", 30_000, page(aligning, "resolve", DOWN), 100);
    } finally {
      restore();
    }
  }, 120_000);
});
