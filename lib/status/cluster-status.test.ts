import { describe, expect, it } from "vitest";
import { deriveClusterStatus, type StatusInput } from "./cluster-status";
import type { NodeObservation } from "./observation";
import { holding, nodeObservation, server } from "@/lib/status/__fixtures__/observation";

const now = new Date("2026-11-24T12:00:10Z");

function node(name: string, patch: Partial<NodeObservation> = {}): NodeObservation {
  return nodeObservation(
    name,
    { at: "2026-11-24T12:00:09Z", checksums: { "haproxy.cfg": "aa", "keepalived.conf": "k1" }, ...patch },
    [server("app-01"), server("app-02")],
  );
}

const master = (patch: Partial<NodeObservation> = {}) =>
  node("lb-01", {
    ...holding("10.0.0.100", 110),
    checksums: { "haproxy.cfg": "aa", "keepalived.conf": "k0" },
    ...patch,
  });

function status(a: NodeObservation | undefined, b: NodeObservation | undefined) {
  const input: StatusInput = {
    nodes: ["lb-01", "lb-02"],
    vips: ["10.0.0.100"],
    observations: { "lb-01": a, "lb-02": b },
    now,
    staleAfterMs: 5_000,
  };
  return deriveClusterStatus(input);
}

describe("deriveClusterStatus", () => {
  it("is pending while no node's host key has been accepted yet, with each node's reason", () => {
    const awaiting = (name: string) =>
      node(name, {
        reachable: false,
        hostKey: "unknown",
        error: "hostkey-unknown",
        keepalived: null,
        haproxy: null,
      });
    expect(status(awaiting("lb-01"), awaiting("lb-02"))).toEqual({
      health: "pending",
      holder: null,
      reasons: ["lb-01: awaiting host-key acceptance", "lb-02: awaiting host-key acceptance"],
    });
    // One accepted and answering: the pair is no longer pending, the other node is still named.
    const half = status(master(), awaiting("lb-02"));
    expect(half.health).toBe("degraded");
    expect(half.reasons).toContain("lb-02: awaiting host-key acceptance");
  });

  it("is healthy with one holder and everything up (keepalived.conf may differ per node)", () => {
    expect(status(master(), node("lb-02"))).toEqual({ health: "healthy", holder: "lb-01", reasons: [] });
  });

  it("is unknown without fresh data", () => {
    expect(status(undefined, undefined).health).toBe("unknown");
    expect(
      status(master({ at: "2026-11-24T11:00:00Z" }), node("lb-02", { at: "2026-11-24T11:00:00Z" })).health,
    ).toBe("unknown");
  });

  it("detects split-brain by VIP and by VRRP state", () => {
    const both = status(master(), node("lb-02", { vipsHeld: ["10.0.0.100"] }));
    expect(both).toMatchObject({ health: "split-brain", holder: null });
    expect(both.reasons[0]).toBe("VIP held by lb-01 and lb-02");
    const twoMasters = status(
      master(),
      node("lb-02", {
        keepalived: { running: true, state: "MASTER", priority: 100, effectivePriority: 100 },
      }),
    );
    expect(twoMasters.health).toBe("split-brain");
  });

  it("reports no holder when every node is seen and none holds the VIP", () => {
    expect(status(node("lb-01"), node("lb-02")).health).toBe("no-holder");
  });

  it("reports the holder unknown, not none, while a node it cannot see may hold the VIP", () => {
    const masterDead = status(
      master({ reachable: false, error: "connect ETIMEDOUT", vipsHeld: [] }),
      node("lb-02"),
    );
    expect(masterDead.health).toBe("unknown");
    expect(masterDead.reasons[0]).toBe(
      "VIP holder unknown: no reachable node holds the VIP and lb-01 cannot be seen",
    );
    expect(masterDead.reasons).toContain("lb-01: unreachable (connect ETIMEDOUT)");
    expect(status(master({ at: "2026-11-24T11:00:00Z" }), node("lb-02")).health).toBe("unknown");
  });

  it("is degraded after a failover with the old master unreachable", () => {
    const result = status(
      master({ reachable: false, error: "timeout", vipsHeld: [] }),
      node("lb-02", {
        vipsHeld: ["10.0.0.100"],
        keepalived: { running: true, state: "MASTER", priority: 100, effectivePriority: 100 },
      }),
    );
    expect(result).toMatchObject({ health: "degraded", holder: "lb-02" });
  });

  it("names the blackhole: HAProxy down on the VIP holder", () => {
    const result = status(master({ haproxy: null }), node("lb-02"));
    expect(result.health).toBe("degraded");
    expect(result.reasons).toContain("lb-01: HAProxy is down on the VIP holder (traffic blackholed)");
  });

  it("reports backends, nonlocal bind, keepalived and drift problems", () => {
    const downServers = node("lb-02").haproxy;
    const result = status(
      master({ nonlocalBind: false, checksums: { "haproxy.cfg": "bb", "keepalived.conf": "k0" } }),
      node("lb-02", {
        keepalived: { running: false, state: null, priority: null, effectivePriority: null },
        haproxy: downServers && {
          ...downServers,
          servers: downServers.servers.map((s) => ({
            ...s,
            status: s.server === "app-01" ? "DOWN" : "MAINT",
          })),
        },
      }),
    );
    expect(result.health).toBe("degraded");
    expect(result.reasons).toEqual([
      "lb-01: net.ipv4.ip_nonlocal_bind is off",
      "lb-02: keepalived is not running",
      "lb-02: backend be_app has no server taking traffic",
      "haproxy.cfg differs between lb-01 and lb-02",
    ]);
  });
});
