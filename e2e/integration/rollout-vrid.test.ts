/**
 * Keepalived reload safety in a real rollout (issue 21 item 5): a revision that changes the pair's
 * VRID, the kind of change that makes keepalived restart its VRRP instance on reload. The plan warns
 * on both nodes, and every keepalived reload step records its timing against the peer's master-down
 * time and the VRRP state before and after (`keepalivedReload` in the step's data); the master's own
 * reload, if the rollout gets there, is seen leaving MASTER and logged as a WARNING. Whatever the
 * outcome, the pair's files are written back at the end.
 */
import { describe, expect, it } from "vitest";
import { testPair } from "@/e2e/lab/control";
import type { KeepalivedReloadCheck } from "@/lib/rollout/keepalived-reload-check";
import { describeRollout, useRolloutLab } from "./rollout-support";

const lab = useRolloutLab("vrid");
const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];
/** Heard on no lab pair's segment (the lab's pairs use 51 upwards; the rogue test 200). */
const NEW_VRID = Number(process.env.HAPAIR_TEST_FREE_VRID ?? 241);

describe("a rollout that changes the VRID (lab)", () => {
  it("warns in the plan and records each keepalived reload against the master-down time", async () => {
    const revision = await lab().saveRevision(
      (d) => ({ ...d, vrrp: { ...d.vrrp, virtualRouterId: NEW_VRID } }),
      "another VRID",
    );
    const rollout = await lab().rollOut(revision, "graceful");
    console.log(`[rollout-vrid] ${rollout.status}\n${describeRollout(rollout)}`);
    for (const node of [master, backup])
      expect(rollout.plan?.nodes.find((n) => n.node === node)?.warnings?.join(" ")).toContain(
        `virtual_router_id ${pair.vrid} → ${NEW_VRID}`,
      );

    const rows = await lab().db.rolloutStep.findMany({
      where: { rolloutId: rollout.id, kind: "reload-keepalived" },
      orderBy: { index: "asc" },
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const check = (row.data as { keepalivedReload?: KeepalivedReloadCheck } | null)?.keepalivedReload;
      console.log(`[rollout-vrid] ${row.node} reload-keepalived: ${JSON.stringify(check)}`);
      expect(check).toMatchObject({
        // advert_int 1 s, the peer's priority 100 or 110: 3 × 1 s + (256 − priority) / 256 s.
        masterDownMs: expect.any(Number),
        reloadMs: expect.any(Number),
        stateBefore: row.node === master ? "MASTER" : "BACKUP",
      });
      expect(check?.masterDownMs).toBeGreaterThanOrEqual(3_000);
      expect(check?.masterDownMs).toBeLessThan(4_000);
      if (row.node === master) {
        expect(check?.masterLeftDuringReload).toBe(true);
        expect(JSON.stringify(row.log)).toContain(
          "WARNING: the master left MASTER during its own keepalived reload",
        );
      }
    }
  }, 300_000);
});
