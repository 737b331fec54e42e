/** What each drill step does against the nodes, and the confirmation that the pair is whole again. */
import { MEASUREMENT_TOLERANCE_MS } from "@/lib/drill/bound";
import {
  armDeadManArgv,
  deadManPidFile,
  deadManStateArgv,
  cleanDeadManArgv,
  DRILL_RULE_MARK,
  parseDeadManState,
} from "@/lib/drill/dead-man";
import type { ArpCheck, DrillStep, DrillStepKind } from "@/lib/drill/types";
import { cancelDeadMan, settledDeadMan } from "./dead-man-ops";
import { errorMessage } from "@/lib/error-message";
import { type DrillRun, faultsOf } from "./drill-run";

const FAILOVER_GRACE_MS = 15_000;

/** How long a wait may last: long enough to measure a late move, short of the dead-man timer. */
function waitMs(run: DrillRun, boundMs: number | null, fallbackMs: number): number {
  const wanted = (boundMs ?? fallbackMs) + MEASUREMENT_TOLERANCE_MS + FAILOVER_GRACE_MS;
  return run.plan.mode === "node"
    ? wanted
    : Math.min(wanted, Math.max(5_000, run.plan.deadManSeconds * 1000 - 5_000));
}

type Handler = (run: DrillRun, step: DrillStep) => Promise<void>;

export const HANDLERS: Record<DrillStepKind, Handler> = {
  async precheck(run) {
    const { held, silent } = await run.holders();
    if (silent.length > 0) throw new Error(`${silent.join(", ")} does not answer`);
    if (held.length !== 1 || held[0] !== run.plan.holder)
      throw new Error(
        `expected the VIP on ${run.plan.holder} alone, found it on ${held.join(", ") || "no node"}`,
      );
    await run.log(`the VIP is on ${run.plan.holder}; both nodes answer`);
    for (const line of run.plan.expectation.explain) await run.log(line);
  },

  async "arm-dead-man"(run, step) {
    const node = run.node(step.node);
    for (const fault of faultsOf(run.plan)) {
      const pidFile = deadManPidFile(run.plan.id, fault.tag);
      await run.must(node, armDeadManArgv(pidFile, run.plan.deadManSeconds, fault.undo));
      await run.until(`the dead-man timer ${fault.tag} on ${node.name}`, 5_000, async () =>
        parseDeadManState((await node.run(deadManStateArgv(pidFile))).output).state === "pending"
          ? true
          : null,
      );
      await run.log(
        `dead-man timer armed: ${fault.undo.join(" ")} in ${run.plan.deadManSeconds} s unless cancelled`,
      );
    }
    await run.mark("dead-man-armed", node.name, `${run.plan.deadManSeconds} s`);
  },

  async "inject-fault"(run, step) {
    const node = run.node(step.node);
    run.client = run.io.startClient();
    if (run.plan.mode === "node") {
      const command = run.plan.nodeDeathCommand;
      if (!command) throw new Error("no node-death command in the definition");
      const result = await node.run(command, 15_000).catch((error: unknown) => ({
        ok: false,
        exitCode: null,
        output: errorMessage(error),
      }));
      await run.log(
        `${command.join(" ")}: ${result.ok ? "started" : `exit ${result.exitCode ?? "none"} (${result.output.slice(0, 200)})`}`,
      );
    } else {
      for (const fault of faultsOf(run.plan))
        await run.log(
          `${fault.inject.join(" ")}: ${(await run.must(node, fault.inject, 30_000)).slice(0, 200) || "ok"}`,
        );
    }
    await run.mark("fault-injected", node.name, run.plan.mode);
  },

  async "await-failover"(run, step) {
    const peer = run.node(step.node);
    const holder = run.node(run.plan.holder);
    // The holder is probed beside the peer, never in step with it: a vanished node answers nothing
    // until its probe times out, and the peer's VIP must be seen the moment it comes.
    let holderProbe: Promise<void> | null = null;
    await run.until(
      `the VIP on ${peer.name}`,
      waitMs(run, run.plan.expectation.failoverMs, 10_000),
      async () => {
        if (!run.has("vip-gone") && !holderProbe) {
          holderProbe = holder
            .vipHeld()
            .catch(() => null)
            .then(async (onHolder) => {
              if (onHolder !== true && !run.has("vip-gone"))
                await run.mark("vip-gone", holder.name, onHolder === null ? "the node does not answer" : "");
              holderProbe = null;
            });
        }
        return (await peer.vipHeld().catch(() => null)) === true ? true : null;
      },
    );
    // Stamped when seen, before waiting for a holder probe still out.
    await run.mark(
      "vip-on-peer",
      peer.name,
      run.plan.mode === "partition" && !run.plan.expectation.isolation
        ? "both nodes hold the VIP (split-brain)"
        : "",
    );
    await holderProbe;
    await run.log(`the VIP is on ${peer.name}`);
  },

  async "arp-check"(run, step) {
    const from = run.node(step.node);
    const vip = run.plan.vips[0] ?? "";
    // From the old holder: the peer's MAC must answer. From the new holder (node death): nobody else may claim the VIP.
    const duplicate = step.node === run.plan.peer;
    const expectedMac = duplicate ? null : await run.node(run.plan.peer).mac();
    const result = await from.run(
      ["arping", ...(duplicate ? ["-D"] : []), "-c", "3", "-w", "4", "-I", run.plan.vipInterface, vip],
      10_000,
    );
    const macs = [
      ...new Set(
        [...result.output.matchAll(/\[([0-9A-Fa-f:]{17})\]/g)].map((m) => (m[1] ?? "").toLowerCase()),
      ),
    ];
    let check: ArpCheck;
    if (result.exitCode === 127 || /not found/i.test(result.output))
      check = {
        from: from.name,
        expectedMac,
        answeredMacs: [],
        ok: true,
        detail: `arping is not installed on ${from.name}: not checked`,
      };
    else if (duplicate)
      check = {
        from: from.name,
        expectedMac,
        answeredMacs: macs,
        ok: macs.length === 0,
        detail:
          macs.length === 0
            ? "no other host claims the VIP"
            : `${macs.join(", ")} still claim${macs.length === 1 ? "s" : ""} the VIP`,
      };
    else
      check = {
        from: from.name,
        expectedMac,
        answeredMacs: macs,
        ok: macs.length > 0 && macs.every((m) => m === expectedMac),
        detail:
          macs.length === 0
            ? "no ARP answer for the VIP"
            : `answered by ${macs.join(", ")} (${run.plan.peer} is ${expectedMac ?? "?"})`,
      };
    run.arp.push(check);
    await run.log(check.detail);
  },

  async "await-alert"(run) {
    const boundMs = run.plan.splitBrainHoldMs + 1_000;
    const splitAt = Date.parse(run.timeline.find((e) => e.event === "vip-on-peer")?.at ?? "") || run.io.now();
    const fired = await run.until(
      "a split-brain alert",
      boundMs + 10_000,
      async () =>
        (await run.io.alerts(run.plan.startedAtMs, null)).find(
          (a) => a.rule === "split-brain" && a.firedAt !== null,
        ) ?? null,
    );
    const afterMs = Date.parse(fired.firedAt ?? "") - splitAt;
    await run.mark("alert-fired", null, `split-brain fired ${afterMs} ms after both held the VIP`);
    if (afterMs > boundMs)
      throw new Error(
        `the split-brain alert fired ${afterMs} ms after the split, over hold + 1 s = ${boundMs} ms`,
      );
    await run.log(`split-brain paged ${afterMs} ms after the split (bound ${boundMs} ms)`);
  },

  async "await-demotion"(run, step) {
    const holder = run.node(step.node);
    const isolation = run.plan.expectation.isolation;
    if (!isolation) throw new Error("no gateway check to demote the holder");
    const boundMs = isolation.demotionMs + MEASUREMENT_TOLERANCE_MS;
    const faultAt =
      Date.parse(run.timeline.find((e) => e.event === "fault-injected")?.at ?? "") || run.io.now();
    await run.until(
      `${holder.name} dropping the VIP by itself`,
      Math.max(1_000, faultAt + boundMs - run.io.now()) + FAILOVER_GRACE_MS,
      async () => ((await holder.vipHeld()) === false ? true : null),
    );
    // The failover step's holder probe may have seen the VIP gone already (the node answering): that is the moment.
    const gone = run.timeline.find(
      (e) => e.event === "vip-gone" && e.node === holder.name && e.detail === "",
    );
    const afterMs = (gone ? Date.parse(gone.at) : run.io.now()) - faultAt;
    await run.mark(
      "demoted",
      holder.name,
      `${isolation.script} failed: the VIP dropped ${afterMs} ms after the fault`,
    );
    if (afterMs > boundMs)
      throw new Error(
        `${holder.name} dropped the VIP ${afterMs} ms after the fault, over ${isolation.script}'s bound of ${isolation.demotionMs} ms (+${MEASUREMENT_TOLERANCE_MS} ms tolerance)`,
      );
    await run.log(
      `${holder.name} demoted itself ${afterMs} ms after the fault (bound ${isolation.demotionMs} ms)`,
    );
  },

  async "undo-fault"(run, step) {
    const node = run.node(step.node);
    for (const fault of faultsOf(run.plan)) {
      const result = await node.run(fault.undo, 30_000);
      await run.log(
        `${fault.undo.join(" ")}: ${result.ok ? "ok" : `exit ${result.exitCode ?? "none"}: ${result.output.slice(0, 200)}`}`,
      );
    }
    await run.mark("fault-undone", node.name);
    for (const fault of faultsOf(run.plan)) {
      const outcome = await cancelDeadMan(run, node, deadManPidFile(run.plan.id, fault.tag));
      if (outcome === "ran")
        run.restored.push(`${node.name}: the dead-man timer had already run ${fault.undo.join(" ")}`);
      await run.log(`dead-man timer ${fault.tag}: ${outcome === "ran" ? "had already run" : outcome}`);
    }
    if (faultsOf(run.plan).length > 0) await run.mark("dead-man-cancelled", node.name);
  },

  async "await-return"(run, step) {
    const node = run.node(step.node);
    await run.until(`${node.name} back`, run.plan.returnWithinMs, async () =>
      (await node.run(["true"], 5_000).catch(() => null))?.ok ? true : null,
    );
    await run.mark("node-back", node.name);
  },

  async "await-failback"(run) {
    // An ordinary partition ends with either node holding; the gateway variant fails back like a preempting pair.
    const expected =
      run.plan.mode === "partition" && !run.plan.expectation.isolation
        ? null
        : run.plan.expectation.failbackMs !== null
          ? run.plan.holder
          : run.plan.peer;
    const holder = await run.until(
      expected ? `the VIP on ${expected} alone` : "a single VIP holder",
      waitMs(run, run.plan.expectation.failbackMs, 10_000),
      async () => {
        const { held } = await run.holders();
        return held.length === 1 && (expected === null || held[0] === expected) ? (held[0] ?? null) : null;
      },
    );
    if (holder === run.plan.holder) await run.mark("vip-back", holder);
    await run.mark("pair-back", holder, `one holder: ${holder}`);
  },

  async confirm(run) {
    await confirmPair(run);
    if (run.leftToRepair.length > 0) throw new Error(run.leftToRepair.join("; "));
    await run.log("both nodes run HAProxy, one holds the VIP, no drill rule or timer left");
  },
};

/** The pair as it should be after a drill: one holder, HAProxy on both, no drill rule or timer left. */
export async function confirmPair(run: DrillRun): Promise<void> {
  const left: string[] = [];
  const settled = await run
    .until("a single VIP holder", 20_000, async () => {
      const { held } = await run.holders();
      return held.length === 1 ? held : null;
    })
    .catch(async () => (await run.holders()).held);
  if (settled.length !== 1)
    left.push(settled.length === 0 ? "no node holds the VIP" : `both nodes hold the VIP`);
  for (const name of [run.plan.holder, run.plan.peer]) {
    const node = run.node(name);
    // Just started again by the undo, HAProxy may take a moment on a loaded node: a bounded wait.
    const running = await run
      .until(`HAProxy running on ${name}`, 10_000, async () =>
        (await node.haproxyRunning().catch(() => null)) === true ? true : null,
      )
      .catch(() => false);
    if (!running) left.push(`${name}: HAProxy is not running`);
    if (run.plan.mode === "partition") {
      const rules = await node.run(["iptables", "-S"]).catch(() => null);
      if (rules?.output.includes(DRILL_RULE_MARK))
        left.push(`${name}: a drill firewall rule is still in place`);
    }
    for (const fault of faultsOf(run.plan)) {
      const pidFile = deadManPidFile(run.plan.id, fault.tag);
      const timer = await settledDeadMan(run, node, pidFile);
      if (timer.state === "pending") left.push(`${name}: dead-man timer ${fault.tag} still armed`);
      if (timer.state === "unknown")
        left.push(`${name}: dead-man timer ${fault.tag}: the node did not say whether it is armed`);
      await node.run(cleanDeadManArgv(pidFile)).catch(() => undefined);
    }
  }
  run.leftToRepair = left;
}
