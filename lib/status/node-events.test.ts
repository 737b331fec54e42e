import { describe, expect, it } from "vitest";
import { nodeEvents } from "./node-events";
import type { NodeObservation } from "./observation";
import { holding, nodeObservation, server } from "./__fixtures__/observation";

/** lb-01 holding the VIP as MASTER at 110, one reload behind it, app-01 UP. */
function obs(patch: Partial<NodeObservation> = {}): NodeObservation {
  const node = nodeObservation("lb-01", { at: "2026-11-24T12:00:00Z", ...holding("10.0.0.100", 110) }, [
    server("app-01"),
  ]);
  return { ...node, haproxy: node.haproxy && { ...node.haproxy, reloads: 1 }, ...patch };
}

const messages = (a: NodeObservation | null, b: NodeObservation) =>
  nodeEvents(a, b).map((e) => `${e.kind}: ${e.message}`);

describe("nodeEvents", () => {
  it("is silent for a steady node and for check noise", () => {
    const noisy = obs();
    noisy.haproxy?.servers.splice(0, 1, {
      backend: "be_app",
      server: "app-01",
      status: "UP 2/3",
      checkStatus: "L7STS",
      sessions: 3,
    });
    expect(nodeEvents(obs(), obs())).toEqual([]);
    expect(nodeEvents(obs(), noisy)).toEqual([]);
  });

  it("reports the first sight of a node", () => {
    expect(messages(null, obs())).toEqual([
      "vip: lb-01: acquired VIP 10.0.0.100",
      "vrrp: lb-01: keepalived MASTER",
    ]);
  });

  it("reports a failover as seen from the old master", () => {
    const after = obs({
      vipsHeld: [],
      keepalived: { running: true, state: "BACKUP", priority: 110, effectivePriority: 90 },
      haproxy: null,
    });
    expect(messages(obs(), after)).toEqual([
      "vip: lb-01: released VIP 10.0.0.100",
      "vrrp: lb-01: keepalived MASTER → BACKUP",
      "haproxy: lb-01: HAProxy stopped",
    ]);
  });

  it("reports reachability, host key, reloads and server changes", () => {
    expect(messages(obs(), obs({ reachable: false, error: "timeout", hostKey: "mismatch" }))).toEqual([
      "reachability: lb-01: unreachable (timeout)",
      "hostkey: lb-01: host key changed; connection refused",
    ]);
    expect(messages(obs({ reachable: false }), obs())[0]).toBe("reachability: lb-01: reachable again");
    expect(messages(null, obs({ reachable: false, error: "refused", hostKey: "mismatch" }))).toEqual([
      "reachability: lb-01: unreachable (refused)",
      "hostkey: lb-01: host key changed; connection refused",
    ]);
    const reloaded = obs();
    if (reloaded.haproxy) {
      reloaded.haproxy.reloads = 2;
      reloaded.haproxy.servers = [
        { backend: "be_app", server: "app-01", status: "DRAIN", checkStatus: "L7OK", sessions: 0 },
      ];
    }
    expect(messages(obs(), reloaded)).toEqual([
      "reload: lb-01: HAProxy reloaded (reload #2)",
      "server: lb-01: be_app/app-01 UP → DRAIN",
    ]);
    const failed = obs();
    if (failed.haproxy) Object.assign(failed.haproxy, { reloads: 2, failedReloads: 1 });
    expect(messages(obs(), failed)).toEqual(["reload: lb-01: HAProxy reload FAILED (reload #2)"]);
  });
});
