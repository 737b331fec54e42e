/**
 * The agents process killed (SIGKILL, by PID) in the middle of a drill on the lab pair, with the fault
 * in place, and started again before the node's dead-man timer (60 s) fires: the new process finds the
 * drill running, undoes the fault itself (VRRP unblocked / HAProxy started), cancels the node's
 * timer, confirms the pair and marks the drill interrupted with what it restored. Nothing is left half-done.
 */
import { afterAll, describe, expect, it } from "vitest";
import { labExec, testPair, until } from "@/e2e/lab/control";
import { DRILL_FINISHED, type DrillMode } from "@/lib/drill/types";
import { agentsProcesses } from "./agents-process";
import { describeDrill, expectPairBack, useDrillLab } from "./drill-support";

const drillLab = useDrillLab("drills-restart", { agentsElsewhere: true });
const agents = agentsProcesses();
const holder = testPair().nodes[0]?.name ?? "";

// Registered after the lab's: runs before it closes.
afterAll(() => agents.stopAll(), 60_000);

const CASES: { mode: DrillMode; fault: () => boolean; restored: RegExp }[] = [
  {
    mode: "partition",
    fault: () => labExec(holder, ["iptables", "-S"]).stdout.includes("hapair-drill"),
    restored: new RegExp(
      `${holder}: hapair ran iptables -D INPUT -p vrrp .* after the restart \\(ok\\).*${holder}: hapair ran iptables -D OUTPUT -p vrrp .* after the restart \\(ok\\)`,
    ),
  },
  {
    mode: "process",
    fault: () => labExec(holder, ["/usr/local/sbin/systemctl", "is-active", "haproxy"]).code !== 0,
    restored: new RegExp(`${holder}: hapair ran systemctl start haproxy after the restart \\(ok\\)`),
  },
];

describe("agents SIGKILLed mid-drill, restarted before the node's timer fires", () => {
  for (const { mode, fault, restored } of CASES) {
    it(`${mode}: the new process undoes the fault, cancels the timer and marks the drill interrupted with what it restored`, async () => {
      const lab = drillLab();
      const first = agents.start();
      await lab.waitObserved();
      const requested = await lab.request({ mode });
      if (!requested.ok) throw new Error(requested.issues.map((i) => i.message).join("; "));
      const id = requested.drill.id;
      await until(
        "the fault injected",
        60_000,
        async () => {
          const drill = await lab.store.getDrill(lab.db, id);
          if (drill && DRILL_FINISHED.includes(drill.status))
            throw new Error(`the drill ended before its fault: ${describeDrill(drill)}`);
          return drill?.timeline.some((e) => e.event === "fault-injected") || null;
        },
        100,
      );
      await agents.kill(first);
      // Half-done as the kill left it: running, the fault on the node, its timer still pending.
      expect((await lab.store.getDrill(lab.db, id))?.status).toBe("running");
      expect(fault()).toBe(true);
      const timers = labExec(holder, ["sh", "-c", "ls /run | grep hapair-drill || true"]).stdout;
      expect(timers).toMatch(new RegExp(`hapair-drill-${id}-`));
      const killedAt = Date.now();
      agents.start();
      await until(
        "the drill finished",
        90_000,
        async () =>
          ["interrupted", "passed", "failed", "aborted"].includes(
            (await lab.store.getDrill(lab.db, id))?.status ?? "",
          ) || null,
        100,
      );
      const drill = await lab.store.getDrill(lab.db, id);
      console.log(drill && describeDrill(drill));
      expect(drill?.status).toBe("interrupted");
      // Restored by hapair, well before the node's own 60 s timer would have fired.
      expect(Date.now() - killedAt).toBeLessThan(50_000);
      expect(drill?.report?.restored.join(" ")).toMatch(restored);
      expect(drill?.report?.leftToRepair).toEqual([]);
      expect(drill?.error).toMatch(/the agents stopped mid-drill/);
      expect(drill?.timeline.map((e) => e.event)).toContain("fault-undone");
      expect(fault()).toBe(false);
      await expectPairBack();
      await agents.stopAll();
    }, 300_000);
  }
});
