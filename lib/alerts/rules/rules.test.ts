import { describe, expect, it } from "vitest";
import { holding, input, observed, released, subject, T0, unreachable, VIP } from "../__fixtures__/cluster";
import { eventTimes, keyedEventTimes, pagesOf, simulate, timeline } from "../__fixtures__/simulate";
import { alertingSchema } from "@/lib/cluster/schema/alerting";
import { evaluateRules } from ".";
import { SPLIT_BRAIN_CONFIRM_MS } from "./split-brain";

const S = 1000;
/** Each page of `rule` as [event, ms after T0]. */
const eventsOf = (frames: Parameters<typeof simulate>[0], rule: string) =>
  eventTimes(pagesOf(frames, rule), T0);

const keys = (frame: ReturnType<typeof input>, rule: string) =>
  evaluateRules(frame)
    .filter((c) => c.rule === rule)
    .map((c) => c.key);

describe("a healthy pair", () => {
  it("raises nothing", () => {
    expect(evaluateRules(input(T0))).toEqual([]);
  });
});

describe("split-brain", () => {
  const both = (now: number) =>
    input(now, { "lb-01": holding("lb-01", now - 300), "lb-02": holding("lb-02", now - 100) });

  it("sees both nodes holding the VIP, with each node's addresses as evidence", () => {
    const [condition] = evaluateRules(both(T0)).filter((c) => c.rule === "split-brain");
    expect(condition).toMatchObject({
      severity: "critical",
      holdMs: 2 * S,
      summary: "VIP held by both lb-01 and lb-02",
    });
    expect(condition?.evidence).toMatchObject({
      nodes: { "lb-02": { ipAddr: [`inet ${VIP}/24 scope global secondary eth0`], vrrpState: "MASTER" } },
    });
  });

  it("sees both nodes reporting MASTER even before the second VIP shows", () => {
    const frame = input(T0, {
      "lb-02": observed("lb-02", T0 - 100, {
        keepalived: { running: true, state: "MASTER", priority: 100, effectivePriority: 100 },
      }),
    });
    expect(evaluateRules(frame).find((c) => c.rule === "split-brain")?.summary).toBe(
      "both lb-01 and lb-02 report MASTER",
    );
  });

  it("fires after its hold time, not before, and resolves when one node lets go", () => {
    const frames = [
      ...timeline(T0, T0 + 1_900, 100, both),
      ...timeline(T0 + 2_000, T0 + 5_000, 250, both),
      ...timeline(T0 + 5_100, T0 + 6_000, 250, (now) => input(now)),
    ];
    const pages = pagesOf(frames, "split-brain");
    expect(pages).toEqual([
      { event: "fire", rule: "split-brain", key: "split-brain", severity: "critical", at: T0 + 2_000 },
      { event: "resolve", rule: "split-brain", key: "split-brain", severity: "critical", at: T0 + 5_100 },
    ]);
  });

  it("uses the cluster's hold time", () => {
    const frames = timeline(T0, T0 + 4_000, 250, (now) => ({
      ...both(now),
      subject: subject({ hold: { ...alertingSchema.parse({}).hold, splitBrain: 5 } }),
    }));
    expect(pagesOf(frames, "split-brain")).toEqual([]);
    const longer = timeline(T0, T0 + 5_000, 250, (now) => ({
      ...both(now),
      subject: subject({ hold: { ...alertingSchema.parse({}).hold, splitBrain: 5 } }),
    }));
    expect(pagesOf(longer, "split-brain").map((p) => p.at)).toEqual([T0 + 5_000]);
  });

  it("does not page for a normal failover, where both hold the VIP for a moment", () => {
    const frames = [
      ...timeline(T0, T0 + 1_000, 100, (now) => input(now)),
      // The backup's VIP arrives through the fast path 800 ms before the old master's release.
      ...timeline(T0 + 1_100, T0 + 1_900, 100, (now) =>
        input(now, { "lb-01": holding("lb-01", now - 200), "lb-02": holding("lb-02", T0 + 1_100) }),
      ),
      ...timeline(T0 + 2_000, T0 + 8_000, 100, (now) =>
        input(now, { "lb-01": released("lb-01", T0 + 2_000), "lb-02": holding("lb-02", now - 100) }),
      ),
    ];
    expect(simulate(frames).filter((p) => p.severity === "critical")).toEqual([]);
  });

  it("ignores a node whose last reading is older than two poll intervals (cut off, its poll still timing out)", () => {
    const cutAt = T0 - 1_000;
    const frame = (now: number) =>
      input(now, { "lb-01": holding("lb-01", cutAt), "lb-02": holding("lb-02", now - 50) });
    expect(keys(frame(cutAt + SPLIT_BRAIN_CONFIRM_MS + 1), "split-brain")).toEqual([]);
    // The master's poll times out 4 s after the cut; the backup took over after 3 s: no page.
    const frames = timeline(cutAt + 3_000, cutAt + 10_000, 100, (now) =>
      now < cutAt + 4_500
        ? frame(now)
        : input(now, {
            "lb-01": unreachable("lb-01", now - 100, "timed out"),
            "lb-02": holding("lb-02", now - 50),
          }),
    );
    expect(pagesOf(frames, "split-brain")).toEqual([]);
  });

  it("does not pair a fresh VIP reading with a stale VRRP reading: one fire and one resolve after an unblock under load", () => {
    // Polls every 2.5 s (a loaded machine): lb-02's VRRP state comes from the dump asked at its previous
    // poll, so right after it gave up the VIP (fresh reading: none) it still reads MASTER for a poll.
    const oldMasterReading = {
      keepalived: {
        running: true,
        state: "MASTER",
        priority: 100,
        effectivePriority: 100,
        stateAgeMs: 2_500,
      },
    } as const;
    const staleMaster = (now: number) => released("lb-02", now - 100, oldMasterReading);
    const frames = [
      ...timeline(T0, T0 + 4_000, 250, both),
      ...timeline(T0 + 4_250, T0 + 7_000, 250, (now) =>
        input(now, { "lb-01": holding("lb-01", now - 100), "lb-02": staleMaster(now) }),
      ),
      ...timeline(T0 + 7_250, T0 + 10_000, 250, (now) =>
        input(now, { "lb-01": holding("lb-01", now - 100), "lb-02": released("lb-02", now - 100) }),
      ),
    ];
    expect(eventsOf(frames, "split-brain")).toEqual([
      ["fire", 2_000],
      ["resolve", 4_250],
    ]);
    // A MASTER reading as old as that, when the same node's VIP reading agrees, still counts.
    const agreeing = input(T0, {
      "lb-02": holding("lb-02", T0 - 100, oldMasterReading),
    });
    expect(keys(agreeing, "split-brain")).toEqual(["split-brain"]);
  });

  it("ignores unreachable nodes", () => {
    const frame = input(T0, {
      "lb-01": holding("lb-01", T0 - 100, { reachable: false, error: "refused" }),
      "lb-02": holding("lb-02", T0 - 100),
    });
    expect(keys(frame, "split-brain")).toEqual([]);
  });
});

describe("node labels", () => {
  it("name a node by its VRRP state now, not its configured role", () => {
    const failedOver = input(T0, {
      "lb-01": released("lb-01", T0 - 100, { nonlocalBind: false }),
      "lb-02": holding("lb-02", T0 - 100),
    });
    expect(
      evaluateRules(failedOver).find((c) => c.key === "lb-01:nonlocal-bind")?.summary ??
        evaluateRules(failedOver).find((c) => c.rule === "ha-degraded")?.summary,
    ).toMatch(/^lb-01 \(BACKUP\)/);
  });
});

describe("no VIP holder", () => {
  const none = (now: number) => input(now, { "lb-01": released("lb-01", now - 100) });

  it("is critical once it lasts 8 s, and resolves when a node takes the VIP", () => {
    expect(evaluateRules(none(T0)).find((c) => c.rule === "no-vip-holder")).toMatchObject({
      severity: "critical",
      holdMs: 8 * S,
    });
    const frames = [
      ...timeline(T0, T0 + 9_000, 500, none),
      ...timeline(T0 + 9_500, T0 + 10_000, 500, (now) => input(now)),
    ];
    expect(eventsOf(frames, "no-vip-holder")).toEqual([
      ["fire", 8_000],
      ["resolve", 9_500],
    ]);
  });

  it("does not page while a dead master's backup takes over (about 3 s)", () => {
    const dead = (now: number) => unreachable("lb-01", now - 100, "connection refused");
    const frames = [
      ...timeline(T0, T0 + 3_000, 250, (now) => input(now, { "lb-01": dead(now) })),
      ...timeline(T0 + 3_250, T0 + 12_000, 250, (now) =>
        input(now, { "lb-01": dead(now), "lb-02": holding("lb-02", now - 100) }),
      ),
    ];
    const pages = simulate(frames);
    expect(pages.filter((p) => p.severity === "critical")).toEqual([]);
    expect(pages.map((p) => `${p.event} ${p.rule} ${p.key}`)).toEqual(["fire ha-degraded lb-01:unreachable"]);
  });

  it("says nothing while a node it cannot see may hold the VIP: the master back before hapair reconnected", () => {
    // lb-01 restarted and retook the VIP while hapair still failed to reach it; lb-02 released it.
    const frames = timeline(T0, T0 + 20_000, 500, (now) =>
      input(now, {
        "lb-01": unreachable("lb-01", now - 100, "cannot connect: connect ECONNREFUSED"),
        "lb-02": released("lb-02", now - 100),
      }),
    );
    expect(pagesOf(frames, "no-vip-holder")).toEqual([]);
    const stale = input(T0, { "lb-01": released("lb-01", T0 - 60_000) });
    expect(keys(stale, "no-vip-holder")).toEqual([]);
  });

  it("says nothing when no node answers (stale or unreachable rules speak)", () => {
    const down = (name: string) =>
      observed(name, T0 - 100, { reachable: false, error: "timed out", vipsHeld: [] });
    expect(keys(input(T0, { "lb-01": down("lb-01"), "lb-02": down("lb-02") }), "no-vip-holder")).toEqual([]);
  });
});

describe("HA degraded", () => {
  it("names each problem per node", () => {
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 100, { haproxy: null, nonlocalBind: false }),
      "lb-02": observed("lb-02", T0 - 100, {
        keepalived: { running: false, state: null, priority: null, effectivePriority: null },
      }),
    });
    expect(keys(frame, "ha-degraded")).toEqual([
      "lb-01:haproxy-down",
      "lb-01:blackhole",
      "lb-01:nonlocal-bind-off",
      "lb-02:keepalived-down",
    ]);
    expect(evaluateRules(frame).find((c) => c.key === "lb-01:blackhole")?.severity).toBe("critical");
    expect(evaluateRules(frame).find((c) => c.key === "lb-01:haproxy-down")?.severity).toBe("warning");
  });

  it("sees an unreachable backup and a node in FAULT", () => {
    expect(
      keys(
        input(T0, { "lb-02": observed("lb-02", T0, { reachable: false, error: "timed out" }) }),
        "ha-degraded",
      ),
    ).toEqual(["lb-02:unreachable"]);
    const fault = observed("lb-02", T0, {
      keepalived: { running: true, state: "FAULT", priority: 100, effectivePriority: 100 },
    });
    expect(keys(input(T0, { "lb-02": fault }), "ha-degraded")).toEqual(["lb-02:keepalived-fault"]);
  });

  it("a pair awaiting its first host-key acceptance is pending, not unreachable: nothing fires until a key is accepted", () => {
    const awaiting = (name: string, now: number) =>
      unreachable(name, now - 100, "hostkey-unknown: host key not accepted", { hostKey: "unknown" });
    const frames = timeline(T0, T0 + 60_000, 1_000, (now) =>
      input(now, { "lb-01": awaiting("lb-01", now), "lb-02": awaiting("lb-02", now) }),
    );
    expect(simulate(frames)).toEqual([]);
    // A changed key is no set-up step: that node still pages unreachable.
    const mismatch = observed("lb-02", T0, {
      reachable: false,
      hostKey: "mismatch",
      error: "hostkey-mismatch",
    });
    expect(keys(input(T0, { "lb-02": mismatch }), "ha-degraded")).toEqual(["lb-02:unreachable"]);
  });

  it("failure mode 1: HAProxy down on the master pages a warning, not the blackhole, when keepalived moves the VIP in 4 s", () => {
    const stopped = {
      haproxy: {
        running: false,
        masterPid: null,
        reloads: null,
        failedReloads: null,
        workerPids: [],
        servers: [],
        error: "no admin socket",
      },
    };
    const frames = [
      ...timeline(T0, T0 + 4_000, 250, (now) =>
        input(now, { "lb-01": observed("lb-01", now - 100, stopped) }),
      ),
      ...timeline(T0 + 4_250, T0 + 8_000, 250, (now) =>
        input(now, { "lb-01": released("lb-01", now - 100, stopped), "lb-02": holding("lb-02", now - 100) }),
      ),
      ...timeline(T0 + 8_250, T0 + 9_000, 250, (now) =>
        input(now, { "lb-01": released("lb-01", now - 100), "lb-02": holding("lb-02", now - 100) }),
      ),
    ];
    expect(simulate(frames).map((p) => [p.event, p.key, p.severity, p.at - T0])).toEqual([
      ["fire", "lb-01:haproxy-down", "warning", 6_000],
      ["resolve", "lb-01:haproxy-down", "warning", 8_250],
    ]);
  });

  it("fires the blackhole when the VIP stays on the node with HAProxy down", () => {
    const frames = timeline(T0, T0 + 8_000, 500, (now) =>
      input(now, { "lb-01": observed("lb-01", now - 100, { haproxy: null }) }),
    );
    expect(
      simulate(frames)
        .filter((p) => p.key === "lb-01:blackhole")
        .map((p) => p.at - T0),
    ).toEqual([8_000]);
  });
});

describe("backends", () => {
  const servers = (statuses: string[]) =>
    statuses.map((status, i) => ({
      backend: "be_app",
      server: `app-0${i + 1}`,
      status,
      checkStatus: null,
      sessions: 0,
    }));
  const withServers = (node: "lb-01" | "lb-02", statuses: string[], at = T0 - 100) => {
    const base = observed(node, at);
    return base.haproxy ? { ...base, haproxy: { ...base.haproxy, servers: servers(statuses) } } : base;
  };

  it("is critical with no server taking traffic, a warning with some down, on the VIP holder only", () => {
    const none = evaluateRules(
      input(T0, { "lb-01": withServers("lb-01", ["DOWN", "MAINT", "DOWN 1/2"]) }),
    ).filter((c) => c.rule === "backends");
    expect(none.map((c) => [c.key, c.severity])).toEqual([
      ["be_app:no-server", "critical"],
      ["be_app:servers-down", "warning"],
    ]);
    const some = evaluateRules(input(T0, { "lb-01": withServers("lb-01", ["UP", "DOWN", "UP 1/3"]) })).filter(
      (c) => c.rule === "backends",
    );
    expect(some.map((c) => [c.key, c.severity, c.summary])).toEqual([
      ["be_app:servers-down", "warning", "backend be_app: 1 of 3 servers down"],
    ]);
    expect(keys(input(T0, { "lb-02": withServers("lb-02", ["DOWN", "DOWN", "DOWN"]) }), "backends")).toEqual(
      [],
    );
  });

  it("looks only at servers the definition declares: names a node invents open nothing", () => {
    const base = observed("lb-01", T0 - 100);
    const invented = Array.from({ length: 1_000 }, (_, i) => ({
      backend: `be_fake_${i}`,
      server: "s1",
      status: "DOWN",
      checkStatus: "L4CON",
      sessions: 0,
    }));
    const strangers = [
      { backend: "be_app", server: "app-99", status: "DOWN", checkStatus: null, sessions: 0 },
    ];
    const hostile = base.haproxy
      ? {
          ...base,
          haproxy: { ...base.haproxy, servers: [...base.haproxy.servers, ...invented, ...strangers] },
        }
      : base;
    expect(evaluateRules(input(T0, { "lb-01": hostile }))).toEqual([]);
    // A declared server among them still counts.
    const down = hostile.haproxy
      ? {
          ...hostile,
          haproxy: {
            ...hostile.haproxy,
            servers: hostile.haproxy.servers.map((s) =>
              s.server === "app-01" ? { ...s, status: "DOWN" } : s,
            ),
          },
        }
      : hostile;
    expect(keys(input(T0, { "lb-01": down }), "backends")).toEqual(["be_app:servers-down"]);
  });

  it("holds 10 s and resolves when a server comes back", () => {
    const frames = [
      ...timeline(T0, T0 + 10_000, 1_000, (now) =>
        input(now, { "lb-01": withServers("lb-01", ["DOWN", "DOWN", "DOWN"], now - 100) }),
      ),
      ...timeline(T0 + 11_000, T0 + 11_000, 1_000, (now) => input(now)),
    ];
    expect(
      keyedEventTimes(
        simulate(frames).filter((p) => p.key === "be_app:no-server"),
        T0,
      ),
    ).toEqual([
      ["fire", "be_app:no-server", 10_000],
      ["resolve", "be_app:no-server", 11_000],
    ]);
  });

  it("escalates from some servers down to all down without a 'resolved' page before the recovery", () => {
    const frames = [
      ...timeline(T0, T0 + 12_000, 1_000, (now) =>
        input(now, { "lb-01": withServers("lb-01", ["UP", "DOWN", "DOWN"], now - 100) }),
      ),
      ...timeline(T0 + 13_000, T0 + 30_000, 1_000, (now) =>
        input(now, { "lb-01": withServers("lb-01", ["DOWN", "DOWN", "DOWN"], now - 100) }),
      ),
      ...timeline(T0 + 31_000, T0 + 32_000, 1_000, (now) => input(now)),
    ];
    const pages = pagesOf(frames, "backends").map((p) => [p.event, p.severity, p.at - T0]);
    expect(pages).toEqual([
      ["fire", "warning", 10_000],
      ["fire", "critical", 23_000],
      ["resolve", "warning", 31_000],
      ["resolve", "critical", 31_000],
    ]);
  });
});

describe("drift", () => {
  it("sees haproxy.cfg or certificates differing between nodes, never keepalived.conf", () => {
    const frame = input(T0, {
      "lb-02": observed("lb-02", T0 - 100, {
        checksums: {
          "haproxy.cfg": "cfg-2",
          "keepalived.conf": "other",
          "/etc/haproxy/certs/site.pem": "pem-2",
        },
      }),
    });
    expect(keys(frame, "drift")).toEqual(["between:/etc/haproxy/certs/site.pem", "between:haproxy.cfg"]);
  });

  it("compares with the last pushed revision only when it is known", () => {
    const lastPushed = { "lb-01": { "haproxy.cfg": "cfg-0", "keepalived.conf": "ka-lb-01" } };
    expect(keys(input(T0, {}, { lastPushed }), "drift")).toEqual(["pushed:lb-01:haproxy.cfg"]);
    expect(keys(input(T0), "drift")).toEqual([]);
  });

  it("sees the VRID used by another cluster on the same segment, and not on another segment", () => {
    const same = { name: "other", virtualRouterId: 51, segments: ["10.0.0.0/24@eth0"] };
    expect(keys(input(T0, {}, { otherClusters: [same] }), "drift")).toEqual(["vrid:other"]);
    expect(
      keys(
        input(
          T0,
          {},
          {
            otherClusters: [
              { ...same, segments: ["10.0.4.0/24@eth0"] },
              { ...same, virtualRouterId: 52 },
            ],
          },
        ),
        "drift",
      ),
    ).toEqual([]);
  });

  it("holds 30 s before firing", () => {
    const frames = timeline(T0, T0 + 30_000, 5_000, (now) =>
      input(now, { "lb-02": observed("lb-02", now - 100, { checksums: { "haproxy.cfg": "x" } }) }),
    );
    expect(pagesOf(frames, "drift").map((p) => p.at - T0)).toEqual([30_000, 30_000]);
  });
});

describe("flapping", () => {
  const minute = 60_000;

  it("fires when the VIP moved more than 4 times in 10 minutes, at once", () => {
    const moves = [1, 2, 3, 4, 5].map((m) => T0 - m * minute);
    expect(
      evaluateRules(input(T0, {}, { vipMoves: moves })).find((c) => c.rule === "flapping"),
    ).toMatchObject({ severity: "warning", holdMs: 0 });
    expect(keys(input(T0, {}, { vipMoves: moves.slice(0, 4) }), "flapping")).toEqual([]);
  });

  it("resolves once the oldest moves leave the window", () => {
    const moves = [0, 1, 2, 3, 4].map((m) => T0 + m * 1_000);
    const frames = [T0 + 4_000, T0 + 10 * minute - 1, T0 + 10 * minute, T0 + 10 * minute + 1].map((now) =>
      input(now, {}, { vipMoves: moves }),
    );
    expect(eventsOf(frames, "flapping")).toEqual([
      ["fire", 4_000],
      ["resolve", 10 * minute],
    ]);
  });

  it("uses the cluster's thresholds", () => {
    const settings = subject({ flapping: { moves: 1, windowMinutes: 1 } });
    expect(
      keys({ ...input(T0, {}, { vipMoves: [T0 - 10_000, T0 - 5_000] }), subject: settings }, "flapping"),
    ).toEqual(["flapping"]);
  });
});

describe("stale data", () => {
  it("fires for a node not observed for 10 s, once held, and resolves with a fresh observation", () => {
    const frames = [
      ...timeline(T0, T0 + 6_000, 1_000, (now) => input(now, { "lb-02": observed("lb-02", T0 - 10_001) })),
      input(T0 + 7_000),
    ];
    expect(simulate(frames).map((p) => [p.event, p.rule, p.key, p.at - T0])).toEqual([
      ["fire", "stale-data", "lb-02", 6_000],
      ["resolve", "stale-data", "lb-02", 7_000],
    ]);
  });

  it("counts a node never observed", () => {
    expect(keys(input(T0, { "lb-02": undefined }), "stale-data")).toEqual(["lb-02"]);
    expect(keys(input(T0, { "lb-02": observed("lb-02", T0 - 10_000) }), "stale-data")).toEqual([]);
  });
});
