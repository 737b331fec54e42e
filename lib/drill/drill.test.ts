import { describe, expect, it } from "vitest";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import type { NodeObservation } from "@/lib/status/observation";
import { holding, nodeObservation, server } from "@/lib/status/__fixtures__/observation";
import { expectedFailover, masterDownMs } from "./bound";
import { armDeadManArgv, cancelDeadManArgv, parseDeadManState, partitionFaults } from "./dead-man";
import { precheckDrill, type PrecheckInput } from "./prechecks";
import { drillReport, type ReportInput } from "./report";
import { drillSteps, faultActive } from "./steps";

function definition(change: (d: ClusterDefinition) => void = () => undefined): ClusterDefinition {
  const d = clusterDefinitionSchema.parse(articlePair);
  change(d);
  return d;
}

describe("expected failover bound", () => {
  it("master-down time is 3 × advert_int + (256 − priority)/256 s", () => {
    expect(masterDownMs(1, 100)).toBe(3609);
    expect(masterDownMs(2, 256 - 128)).toBe(6500);
  });

  it("process death, weight −20 against a gap of 10: detection interval × fall, then the peer's master-down time", () => {
    const e = expectedFailover(definition(), "process", "lb-01");
    expect(e.problems).toEqual([]);
    expect(e.failoverMs).toBe(2 * 2 * 1000 + 3609);
    // fail-back: rise 2 × 2 s, then lb-01's own master-down time (priority 110)
    expect(e.failbackMs).toBe(4000 + masterDownMs(1, 110));
  });

  it("a weight that does not close the gap, or nopreempt with a weight, moves nothing (a problem, no bound)", () => {
    const small = expectedFailover(
      definition((d) => {
        d.vrrp.trackScripts = d.vrrp.trackScripts.map((t) => ({ ...t, weight: -5 }));
      }),
      "process",
      "lb-01",
    );
    expect(small.failoverMs).toBeNull();
    expect(small.problems[0]).toMatch(/does not close the priority gap \(105 ≥ 100\)/);
    const nopreempt = expectedFailover(
      definition((d) => {
        d.vrrp.nopreempt = true;
      }),
      "process",
      "lb-01",
    );
    expect(nopreempt.failoverMs).toBeNull();
    expect(nopreempt.problems[0]).toMatch(/nopreempt/);
  });

  it("weight 0 puts the holder in FAULT: the peer takes over after its skew time", () => {
    const e = expectedFailover(
      definition((d) => {
        d.vrrp.trackScripts = d.vrrp.trackScripts.map((t) => ({ ...t, weight: 0 }));
      }),
      "process",
      "lb-01",
    );
    expect(e.failoverMs).toBe(4000 + 609);
  });

  it("no track script watching HAProxy: a problem", () => {
    const e = expectedFailover(
      definition((d) => {
        d.vrrp.trackScripts = [];
      }),
      "process",
      "lb-01",
    );
    expect(e.problems).toEqual(["no track script watches HAProxy: a dead HAProxy does not move the VIP"]);
  });

  it("node death and partition: the peer's master-down time; nopreempt means no fail-back", () => {
    expect(expectedFailover(definition(), "node", "lb-01").failoverMs).toBe(3609);
    expect(expectedFailover(definition(), "partition", "lb-01").failoverMs).toBe(3609);
    // from the backup's side: the peer is lb-01 at 110
    expect(expectedFailover(definition(), "node", "lb-02").failoverMs).toBe(masterDownMs(1, 110));
    expect(
      expectedFailover(
        definition((d) => {
          d.vrrp.nopreempt = true;
        }),
        "node",
        "lb-01",
      ).failbackMs,
    ).toBeNull();
  });
});

function observation(
  node: string,
  change: Partial<NodeObservation> = {},
  servers: [string, string][] = [
    ["app-01", "UP"],
    ["app-02", "UP"],
  ],
): NodeObservation {
  return nodeObservation(
    node,
    { ...(node === "lb-01" ? holding("10.0.0.100") : {}), ...change },
    servers.map(([name, status]) => server(name, status, null)),
  );
}

function precheckInput(change: Partial<PrecheckInput> = {}): PrecheckInput {
  return {
    mode: "process",
    nodes: ["lb-01", "lb-02"],
    status: { health: "healthy", holder: "lb-01", reasons: [] },
    observations: { "lb-01": observation("lb-01"), "lb-02": observation("lb-02") },
    expectation: expectedFailover(definition(), "process", "lb-01"),
    activeJobs: [],
    openCriticalAlerts: [],
    nodeDeath: { enabled: false, confirmed: false },
    ...change,
  };
}

describe("pre-checks", () => {
  it("a healthy pair: no problems, holder and peer named", () => {
    expect(precheckDrill(precheckInput())).toEqual({
      holder: "lb-01",
      peer: "lb-02",
      problems: [],
      blockers: [],
    });
  });

  it("a backend up on the holder but down on the peer is a (forceable) problem", () => {
    const r = precheckDrill(
      precheckInput({
        observations: {
          "lb-01": observation("lb-01"),
          "lb-02": observation("lb-02", {}, [
            ["app-01", "UP"],
            ["app-02", "DOWN"],
          ]),
        },
      }),
    );
    expect(r.problems).toEqual(["peer lb-02: be_app/app-02 is up on lb-01 but not on lb-02"]);
    expect(r.blockers).toEqual([]);
  });

  it("peer HAProxy down, a node unreachable, an open critical alert, a definition problem", () => {
    const r = precheckDrill(
      precheckInput({
        observations: { "lb-01": observation("lb-01"), "lb-02": observation("lb-02", { haproxy: null }) },
        openCriticalAlerts: ["backends: be_app has no server up"],
        expectation: {
          failoverMs: null,
          failbackMs: null,
          explain: [],
          problems: ["no track script watches HAProxy"],
        },
      }),
    );
    expect(r.problems).toEqual([
      "peer lb-02: HAProxy is not running",
      "open critical alert: backends: be_app has no server up",
      "no track script watches HAProxy",
    ]);
    const down = precheckDrill(
      precheckInput({
        observations: {
          "lb-01": observation("lb-01"),
          "lb-02": observation("lb-02", { reachable: false, error: "timeout" }),
        },
      }),
    );
    expect(down.problems).toEqual(["lb-02 is unreachable: timeout"]);
  });

  it("blockers: another job, no holder, node death not enabled or not confirmed", () => {
    const blockers = (input: Partial<PrecheckInput>) => precheckDrill(precheckInput(input)).blockers;
    expect(blockers({ activeJobs: ["rollout #3 is running"] })).toEqual([
      { message: "rollout #3 is running: one drill or rollout at a time per cluster" },
    ]);
    expect(
      blockers({
        status: { health: "split-brain", holder: null, reasons: ["VIP held by lb-01 and lb-02"] },
      })[0]?.message,
    ).toMatch(/no single VIP holder/);
    expect(blockers({ mode: "node" })).toEqual([
      {
        message: "node death is not enabled in the definition (drills.nodeDeath)",
        field: "confirmNodeDeath",
      },
    ]);
    expect(blockers({ mode: "node", nodeDeath: { enabled: true, confirmed: false } })[0]).toMatchObject({
      message: expect.stringMatching(/confirm it/),
      field: "confirmNodeDeath",
    });
    expect(blockers({ mode: "node", nodeDeath: { enabled: true, confirmed: true } })).toEqual([]);
  });
});

describe("steps", () => {
  it("every fault mode arms its dead-man timer before the fault; node death cannot", () => {
    const kinds = (mode: "process" | "partition" | "node") =>
      drillSteps(mode, "lb-01", "lb-02").map((s) => `${s.kind}${s.node ? `@${s.node}` : ""}`);
    expect(kinds("process")).toEqual([
      "precheck",
      "arm-dead-man@lb-01",
      "inject-fault@lb-01",
      "await-failover@lb-02",
      "arp-check@lb-01",
      "undo-fault@lb-01",
      "await-failback",
      "confirm",
    ]);
    expect(kinds("partition")).toEqual([
      "precheck",
      "arm-dead-man@lb-01",
      "inject-fault@lb-01",
      "await-failover@lb-02",
      "await-alert",
      "undo-fault@lb-01",
      "await-failback",
      "confirm",
    ]);
    expect(kinds("node")).toEqual([
      "precheck",
      "inject-fault@lb-01",
      "await-failover@lb-02",
      "arp-check@lb-02",
      "await-return@lb-01",
      "await-failback",
      "confirm",
    ]);
  });

  it("a fault is active from its injection (even half-way) until the undo is done", () => {
    const steps = drillSteps("process", "lb-01", "lb-02");
    expect(faultActive(steps)).toBe(false);
    steps[2] = { ...steps[2]!, status: "running" };
    expect(faultActive(steps)).toBe(true);
    steps[5] = { ...steps[5]!, status: "done" };
    expect(faultActive(steps)).toBe(false);
  });
});

describe("dead-man timer", () => {
  it("is one detached argv with the undo as positional parameters (nothing spliced into the script)", () => {
    const argv = armDeadManArgv("/run/hapair-drill-7-haproxy", 60, [
      "systemctl",
      "start",
      "haproxy; rm -rf /",
    ]);
    expect(argv.slice(0, 4)).toEqual(["setsid", "-f", "sh", "-c"]);
    expect(argv[4]).not.toContain("haproxy");
    expect(argv.slice(5)).toEqual([
      "hapair-dead-man",
      "/run/hapair-drill-7-haproxy",
      "60",
      "systemctl",
      "start",
      "haproxy; rm -rf /",
    ]);
    expect(cancelDeadManArgv("/run/x").at(-1)).toBe("/run/x");
  });

  it("reads its state", () => {
    expect(parseDeadManState("pending\n")).toEqual({ state: "pending" });
    expect(parseDeadManState("fired 0\n")).toEqual({ state: "fired", exitCode: 0 });
    expect(parseDeadManState("none")).toEqual({ state: "none" });
  });

  it.each([
    [0, "inject", "-I", "INPUT"],
    [1, "undo", "-D", "OUTPUT"],
  ] as const)(
    "partition rules carry the drill's mark, so the undo removes only them (%i %s)",
    (index, which, op, chain) => {
      expect(partitionFaults(9)[index]?.[which]).toEqual([
        "iptables",
        op,
        chain,
        "-p",
        "vrrp",
        "-m",
        "comment",
        "--comment",
        "hapair-drill-9",
        "-j",
        "DROP",
      ]);
    },
  );
});

describe("report", () => {
  const t0 = Date.parse("2026-12-01T10:00:00Z");
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const base = (change: Partial<ReportInput> = {}): ReportInput => ({
    mode: "process",
    holder: "lb-01",
    peer: "lb-02",
    forceReason: null,
    forcedOver: [],
    expectation: { failoverMs: 7609, failbackMs: 7570, explain: [], problems: [] },
    timeline: [
      { at: at(0), event: "fault-injected", node: "lb-01", detail: "" },
      { at: at(4100), event: "vip-gone", node: "lb-01", detail: "" },
      { at: at(7700), event: "vip-on-peer", node: "lb-02", detail: "" },
      { at: at(9000), event: "fault-undone", node: "lb-01", detail: "" },
      { at: at(16000), event: "vip-back", node: "lb-01", detail: "" },
    ],
    client: { requests: 100, failures: 3, slow: 1, longestOutageMs: 3500, errors: [], source: "test" },
    arp: [],
    alerts: [],
    stepFailures: [],
    leftToRepair: [],
    restored: [],
    ending: "finished",
    ...change,
  });

  it("passes within the bound (plus the measurement tolerance) and reports the figures", () => {
    const r = drillReport(base());
    expect(r).toMatchObject({
      outcome: "passed",
      measuredFailoverMs: 7700,
      failbackMs: 7000,
      expectedFailoverMs: 7609,
      clientRequests: 100,
      clientFailures: 3,
      forced: false,
    });
  });

  it("fails over the bound, on a false split-brain, a wrong ARP answer or anything left to repair", () => {
    const slow = drillReport(
      base({
        timeline: [
          { at: at(0), event: "fault-injected", node: null, detail: "" },
          { at: at(9000), event: "vip-on-peer", node: null, detail: "" },
        ],
      }),
    );
    expect(slow.outcome).toBe("failed");
    expect(slow.failures[0]).toMatch(/failover took 9000 ms, over its bound of 7609 ms/);
    const split = drillReport(
      base({
        alerts: [
          {
            rule: "split-brain",
            state: "firing",
            severity: "critical",
            since: at(1),
            firedAt: at(2001),
            afterFaultMs: 2001,
          },
        ],
      }),
    );
    expect(split).toMatchObject({ outcome: "failed", falseSplitBrain: true });
    expect(drillReport(base({ mode: "partition", alerts: split.alerts })).outcome).toBe("passed");
    expect(
      drillReport(
        base({
          arp: [{ from: "lb-01", expectedMac: "aa", answeredMacs: ["bb"], ok: false, detail: "bb answered" }],
        }),
      ).outcome,
    ).toBe("failed");
    expect(drillReport(base({ leftToRepair: ["HAProxy not running on lb-01"] })).outcome).toBe("failed");
  });

  it("aborted and interrupted drills keep their ending; a forced drill says so", () => {
    expect(drillReport(base({ ending: "aborted" })).outcome).toBe("aborted");
    expect(
      drillReport(base({ ending: "interrupted", restored: ["lb-01: HAProxy started by the dead-man timer"] }))
        .restored,
    ).toHaveLength(1);
    expect(
      drillReport(
        base({ forceReason: "peer backend known down", forcedOver: ["peer lb-02: be_app/app-02 …"] }),
      ),
    ).toMatchObject({ forced: true, forceReason: "peer backend known down" });
  });
});
