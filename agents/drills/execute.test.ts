import { describe, expect, it } from "vitest";
import { expectedFailover } from "@/lib/drill/bound";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import type { DrillMode } from "@/lib/drill/types";
import { drillSteps } from "@/lib/drill/steps";
import { executeDrill } from "./execute";
import { recoverDrill } from "./recover";
import type { CommandResult, DrillIo, DrillNodeIo, DrillPlan } from "./types";

/** Two fake nodes on a virtual clock: stopping HAProxy on the holder moves the VIP after `moveMs`. */
function fakePair(
  options: {
    moveMs?: number;
    backMs?: number;
    arping?: string;
    abortAtMs?: number;
    stopFails?: boolean;
    holderSilentMs?: number;
  } = {},
) {
  let now = 0;
  const state = {
    holder: "lb-01" as string | null,
    haproxy: { "lb-01": true, "lb-02": true } as Record<string, boolean>,
    timers: new Map<string, string[]>(),
    rules: [] as string[],
  };
  const pending: { at: number; apply: () => void }[] = [];
  const commands: string[] = [];
  const tick = () => {
    for (const p of pending.filter((p) => p.at <= now)) {
      p.apply();
      pending.splice(pending.indexOf(p), 1);
    }
  };
  const node = (name: string): DrillNodeIo => ({
    name,
    async run(argv): Promise<CommandResult> {
      commands.push(
        `${name}: ${argv[0] === "sh" || argv[0] === "setsid" ? argv.filter((a) => !a.includes("\n")).join(" ") : argv.join(" ")}`,
      );
      const [cmd] = argv;
      if (cmd === "setsid") state.timers.set(argv[6] ?? "", argv.slice(8));
      if (cmd === "sh" && argv[3] === "hapair-dead-man-state")
        return { ok: true, exitCode: 0, output: state.timers.has(argv[4] ?? "") ? "pending" : "none" };
      if (cmd === "sh" && argv[3] === "hapair-dead-man-cancel")
        return { ok: true, exitCode: 0, output: state.timers.delete(argv[4] ?? "") ? "cancelled" : "gone" };
      if (argv.join(" ") === "systemctl stop haproxy") {
        if (options.stopFails) return { ok: false, exitCode: 1, output: "Job failed" };
        state.haproxy[name] = false;
        pending.push({
          at: now + (options.moveMs ?? 7_000),
          apply: () => (state.holder = name === "lb-01" ? "lb-02" : "lb-01"),
        });
      }
      if (argv.join(" ") === "systemctl start haproxy") {
        state.haproxy[name] = true;
        pending.push({ at: now + (options.backMs ?? 7_000), apply: () => (state.holder = name) });
      }
      if (cmd === "arping")
        return {
          ok: true,
          exitCode: 0,
          output: options.arping ?? "Unicast reply from 10.0.0.100 [AA:BB:CC:00:00:02]  0.6ms",
        };
      return { ok: true, exitCode: 0, output: "" };
    },
    async vipHeld() {
      tick();
      if (options.holderSilentMs && name === "lb-01" && !state.haproxy[name]) {
        // A node that stopped answering: its probe only gives up at its own timeout.
        await new Promise((resolve) => setTimeout(resolve, 20));
        now += options.holderSilentMs;
        return null;
      }
      return state.holder === name;
    },
    async haproxyRunning() {
      return state.haproxy[name] ?? false;
    },
    async mac() {
      return name === "lb-02" ? "aa:bb:cc:00:00:02" : "aa:bb:cc:00:00:01";
    },
  });
  const persisted: number[] = [];
  const io: DrillIo = {
    nodes: { "lb-01": node("lb-01"), "lb-02": node("lb-02") },
    async persist(s) {
      persisted.push(s.timeline.length);
    },
    async alerts() {
      return [];
    },
    startClient: () => ({
      stop: async () => ({
        requests: 50,
        failures: 2,
        slow: 0,
        longestOutageMs: 400,
        errors: [],
        source: "fake",
      }),
    }),
    async abortRequested() {
      return options.abortAtMs !== undefined && now >= options.abortAtMs;
    },
    now: () => now,
    async sleep(ms) {
      now += ms;
    },
  };
  return { io, state, commands, persisted };
}

function plan(mode: DrillMode = "process", gatewayWeight?: number): DrillPlan {
  const definition = clusterDefinitionSchema.parse(articlePair);
  if (gatewayWeight !== undefined)
    definition.vrrp.trackScripts = definition.vrrp.trackScripts.map((t) =>
      t.name === "chk_gateway" ? { ...t, weight: gatewayWeight, interval: 1, fall: 1 } : t,
    );
  return {
    id: 5,
    mode,
    holder: "lb-01",
    peer: "lb-02",
    expectation: expectedFailover(definition, mode, "lb-01"),
    vips: ["10.0.0.100"],
    vipInterface: "eth0",
    commands: {
      haproxyStop: ["systemctl", "stop", "haproxy"],
      haproxyStart: ["systemctl", "start", "haproxy"],
    },
    deadManSeconds: 60,
    nodeDeathCommand: null,
    returnWithinMs: 60_000,
    splitBrainHoldMs: 2_000,
    forceReason: null,
    forcedOver: [],
    pollMs: 100,
    startedAtMs: 0,
  };
}

describe("drill executor (fake nodes)", () => {
  it("process death: dead-man armed before the fault, VIP measured on the peer, fail-back, timer cancelled: passed", async () => {
    const pair = fakePair();
    const { report, run } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report).toMatchObject({
      outcome: "passed",
      measuredFailoverMs: 7_000,
      failbackMs: 7_000,
      clientRequests: 50,
      clientFailures: 2,
      expectedFailoverMs: 7609,
    });
    const arm = pair.commands.findIndex((c) => c.startsWith("lb-01: setsid"));
    const stop = pair.commands.indexOf("lb-01: systemctl stop haproxy");
    expect(arm).toBeGreaterThanOrEqual(0);
    expect(arm).toBeLessThan(stop);
    expect(pair.commands.some((c) => c.includes("hapair-dead-man-cancel"))).toBe(true);
    expect(pair.state.timers.size).toBe(0);
    expect(run.timeline.map((e) => e.event)).toEqual([
      "dead-man-armed",
      "fault-injected",
      "vip-gone",
      "vip-on-peer",
      "fault-undone",
      "dead-man-cancelled",
      "vip-back",
      "pair-back",
    ]);
    expect(run.steps.every((s) => s.status === "done")).toBe(true);
    expect(pair.persisted.length).toBeGreaterThan(10);
  });

  it("a holder whose probes hang does not delay seeing the VIP on the peer", async () => {
    const pair = fakePair({ holderSilentMs: 3_000 });
    const { report } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report?.measuredFailoverMs).toBeLessThanOrEqual(7_000 + 200);
    expect(report?.outcome).toBe("passed");
  });

  it("a VIP that moves later than the bound fails the drill, and the pair is still restored", async () => {
    const pair = fakePair({ moveMs: 12_000 });
    const { report } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report?.outcome).toBe("failed");
    expect(report?.failures[0]).toMatch(/failover took 12000 ms, over its bound of 7609 ms/);
    expect(pair.state.haproxy["lb-01"]).toBe(true);
  });

  it("the wrong MAC answering ARP for the VIP fails the drill", async () => {
    const pair = fakePair({ arping: "Unicast reply from 10.0.0.100 [AA:BB:CC:00:00:01]" });
    const { report } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report?.outcome).toBe("failed");
    expect(report?.arp[0]).toMatchObject({ ok: false, answeredMacs: ["aa:bb:cc:00:00:01"] });
  });

  it("an abort while waiting for the failover undoes the fault at once and says aborted", async () => {
    const pair = fakePair({ abortAtMs: 2_000 });
    const { report, run } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report?.outcome).toBe("aborted");
    expect(pair.state.haproxy["lb-01"]).toBe(true);
    expect(run.steps.find((s) => s.kind === "undo-fault")?.status).toBe("done");
    expect(run.steps.find((s) => s.kind === "arp-check")?.status).toBe("skipped");
  });

  it("a failed fault injection skips to the undo and the confirmation; the timer is cancelled", async () => {
    const pair = fakePair({ stopFails: true });
    const { report, run } = await executeDrill(plan(), pair.io, new AbortController().signal);
    expect(report?.outcome).toBe("failed");
    expect(run.steps.map((s) => s.status)).toEqual([
      "done",
      "done",
      "failed",
      "skipped",
      "skipped",
      "done",
      "skipped",
      "done",
    ]);
    expect(pair.state.timers.size).toBe(0);
  });

  it("partition: both iptables rules carry the mark and have their own timer; a missing page fails the drill", async () => {
    const pair = fakePair();
    // The fake does not model VRRP: the peer "takes" the VIP when the rules go in.
    const io = { ...pair.io, nodes: { ...pair.io.nodes } };
    const base = pair.io.nodes["lb-02"]!;
    let split = false;
    io.nodes["lb-02"] = { ...base, vipHeld: async () => split || (await base.vipHeld()) };
    const holder = pair.io.nodes["lb-01"]!;
    io.nodes["lb-01"] = {
      ...holder,
      run: async (argv, t) => {
        if (argv[0] === "iptables") split = argv[1] === "-I";
        return holder.run(argv, t);
      },
    };
    const { report } = await executeDrill(plan("partition"), io, new AbortController().signal);
    expect(pair.commands.filter((c) => c.includes("iptables -I"))).toHaveLength(2);
    expect(pair.commands.filter((c) => c.startsWith("lb-01: setsid"))).toHaveLength(2);
    expect(report?.outcome).toBe("failed");
    expect(report?.failures.join(" ")).toMatch(/split-brain alert: not within/);
  });

  /** The gateway-check variant on fake nodes: the holder drops the VIP `demoteAfterMs` after it loses the gateway. */
  function isolatedPair(demoteAfterMs: number) {
    const pair = fakePair();
    const io = { ...pair.io, nodes: { ...pair.io.nodes } };
    let cutAt: number | null = null;
    const holder = pair.io.nodes["lb-01"]!;
    io.nodes["lb-01"] = {
      ...holder,
      run: async (argv, t) => {
        if (argv[0] === "iptables" && argv.includes("-d")) cutAt = argv[1] === "-I" ? io.now() : null;
        return holder.run(argv, t);
      },
      vipHeld: async () => cutAt === null || io.now() - cutAt < demoteAfterMs,
    };
    io.nodes["lb-02"] = {
      ...pair.io.nodes["lb-02"]!,
      vipHeld: async () => cutAt !== null && io.now() - cutAt >= 3_600,
    };
    return { pair, io };
  }

  it("partition with a weight-0 gateway check: the holder is cut off from the gateway too and must demote itself (no page needed)", async () => {
    const { pair, io } = isolatedPair(1_500);
    const { report, run } = await executeDrill(plan("partition", 0), io, new AbortController().signal);
    expect(run.steps.map((s) => s.kind)).toContain("await-demotion");
    expect(run.steps.map((s) => s.kind)).not.toContain("await-alert");
    expect(pair.commands).toContain(
      "lb-01: iptables -I OUTPUT -d 10.0.0.1 -m comment --comment hapair-drill-5 -j DROP",
    );
    expect(pair.commands).toContain(
      "lb-01: iptables -D OUTPUT -d 10.0.0.1 -m comment --comment hapair-drill-5 -j DROP",
    );
    expect(pair.commands.filter((c) => c.startsWith("lb-01: setsid"))).toHaveLength(3);
    expect(report).toMatchObject({ outcome: "passed", expectedDemotionMs: 2_000 });
    expect(report?.demotionMs).toBeGreaterThanOrEqual(1_500);
    expect(run.timeline.map((e) => e.event)).toContain("demoted");
  });

  it("a holder that keeps the VIP past the gateway check's bound fails the drill; the rules are still undone", async () => {
    const { pair, io } = isolatedPair(60_000);
    const { report } = await executeDrill(plan("partition", 0), io, new AbortController().signal);
    expect(report?.outcome).toBe("failed");
    expect(report?.failures.join(" ")).toMatch(/lb-01 dropping the VIP by itself: not within/);
    expect(pair.commands.filter((c) => c.startsWith("lb-01: iptables -D"))).toHaveLength(3);
    expect(pair.state.timers.size).toBe(0);
  });

  it("a weighted gateway check (the article's −30) cannot demote an isolated node: the ordinary partition, with the page", () => {
    const e = plan("partition", -30).expectation;
    expect(e.isolation).toBeUndefined();
    expect(e.explain.join(" ")).toMatch(
      /chk_gateway has weight -30: an isolated node only adverts a lower priority/,
    );
  });

  it("agents restarted mid node-death drill: the recovery waits for the node's return before confirming, and says so", async () => {
    const pair = fakePair();
    const holder = pair.io.nodes["lb-01"]!;
    const io = { ...pair.io, nodes: { ...pair.io.nodes } };
    io.nodes["lb-01"] = {
      ...holder,
      run: async (argv, t) => {
        if (argv[0] === "true" && io.now() < 5_000) throw new Error("connect ECONNREFUSED");
        return holder.run(argv, t);
      },
    };
    const steps = drillSteps("node", "lb-01", "lb-02").map((s) =>
      s.kind === "precheck"
        ? { ...s, status: "done" as const }
        : s.kind === "inject-fault"
          ? { ...s, status: "running" as const }
          : s,
    );
    const report = await recoverDrill(plan("node"), io, steps, [], new AbortController().signal);
    expect(report.outcome).toBe("interrupted");
    expect(report.restored).toEqual([
      "lb-01: came back by itself after the node-death command (seen after the restart)",
    ]);
    expect(io.now()).toBeGreaterThanOrEqual(5_000);
  });

  it("agents restarted while the node's timer is running its undo: the recovery waits for it, runs no undo of its own, and cleans up after", async () => {
    const pair = fakePair();
    const holder = pair.io.nodes["lb-01"]!;
    const io = { ...pair.io, nodes: { ...pair.io.nodes } };
    let stateReads = 0;
    let fired = false;
    io.nodes["lb-01"] = {
      ...holder,
      run: async (argv, t) => {
        if (argv[3] === "hapair-dead-man-state") {
          pair.commands.push("lb-01: state");
          // Mid-undo for three reads (HAProxy starting on a busy node), then its exit status.
          fired = ++stateReads > 3;
          return { ok: true, exitCode: 0, output: fired ? "fired 0" : "firing" };
        }
        if (argv[0] === "rm") pair.commands.push(`lb-01: rm after fired=${String(fired)}`);
        return holder.run(argv, t);
      },
    };
    const steps = drillSteps("process", "lb-01", "lb-02").map((s) =>
      s.kind === "precheck" || s.kind === "arm-dead-man"
        ? { ...s, status: "done" as const }
        : s.kind === "inject-fault"
          ? { ...s, status: "done" as const }
          : s.kind === "await-failover"
            ? { ...s, status: "running" as const }
            : s,
    );
    const report = await recoverDrill(plan("process"), io, steps, [], new AbortController().signal);
    expect(report.restored).toEqual([
      "lb-01: the node's dead-man timer ran systemctl start haproxy (exit 0)",
    ]);
    expect(pair.commands).not.toContain("lb-01: systemctl start haproxy");
    expect(pair.commands.filter((c) => c.startsWith("lb-01: rm after"))).toEqual([
      "lb-01: rm after fired=true",
    ]);
    expect(report.leftToRepair).toEqual([]);
  });
});
