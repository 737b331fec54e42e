/** Prometheus text from a snapshot: the series the README's alert rules use, and bounded labels. */
import { describe, expect, it } from "vitest";
import type { NodeObservation } from "@/lib/status/observation";
import { nodeObservation, server } from "@/lib/status/__fixtures__/observation";
import { MAX_SERVER_SERIES, renderMetrics, serverState } from "./render";
import type { MetricsSnapshot } from "./snapshot";

const now = new Date("2026-12-01T12:00:10Z");
function observation(node: string, over: Partial<NodeObservation> = {}): NodeObservation {
  return nodeObservation(node, { at: "2026-12-01T12:00:09Z", ...over }, [server("app1")]);
}

const snapshot = (master: NodeObservation): MetricsSnapshot => ({
  now,
  clusters: [
    {
      name: "edge",
      vips: ["10.0.0.100"],
      declared: { be_app: ["app1"] },
      nodes: [
        {
          name: "lb-a",
          priority: 150,
          observation: master,
          lastGoodPollAt: new Date("2026-12-01T12:00:07Z"),
          // Polls of 40 ms, 40 ms, 300 ms and one past every bound.
          pollDurations: { counts: [2, 0, 0, 1, 0, 0, 0, 1], sumSeconds: 3.58 },
        },
        {
          name: "lb-b",
          priority: 100,
          observation: observation("lb-b"),
          lastGoodPollAt: null,
          pollDurations: null,
        },
      ],
      firingByRule: { "ha-degraded": 1 },
      rolloutsByOutcome: { succeeded: 3, "rolled-back": 1 },
      drillsByOutcome: { passed: 2 },
    },
  ],
  deliveriesByResult: { ok: 5, failed: 1 },
});

describe("metrics", () => {
  it("exports the VIP holder, VRRP state and priorities, reachability, HAProxy, servers, ages and counts", async () => {
    const master = observation("lb-a", {
      vipsHeld: ["10.0.0.100"],
      keepalived: { running: true, state: "MASTER", priority: 150, effectivePriority: 140 },
    });
    const { text, contentType } = await renderMetrics(snapshot(master));
    expect(contentType).toMatch(/^text\/plain/);
    for (const line of [
      'hapair_vip_held{cluster="edge",node="lb-a",vip="10.0.0.100"} 1',
      'hapair_vip_held{cluster="edge",node="lb-b",vip="10.0.0.100"} 0',
      'hapair_cluster_vip_holders{cluster="edge"} 1',
      'hapair_vrrp_state{cluster="edge",node="lb-a",state="MASTER"} 1',
      'hapair_vrrp_state{cluster="edge",node="lb-a",state="BACKUP"} 0',
      'hapair_vrrp_priority{cluster="edge",node="lb-a"} 150',
      'hapair_vrrp_effective_priority{cluster="edge",node="lb-a"} 140',
      'hapair_node_reachable{cluster="edge",node="lb-b"} 1',
      'hapair_haproxy_up{cluster="edge",node="lb-a"} 1',
      'hapair_server_status{cluster="edge",node="lb-a",backend="be_app",server="app1",state="up"} 1',
      'hapair_node_last_good_poll_age_seconds{cluster="edge",node="lb-a"} 3',
      'hapair_alerts_firing{cluster="edge",rule="ha-degraded"} 1',
      'hapair_rollouts_total{cluster="edge",outcome="rolled-back"} 1',
      'hapair_drills_total{cluster="edge",outcome="passed"} 2',
      'hapair_notification_deliveries_total{result="failed"} 1',
      "# TYPE hapair_node_poll_duration_seconds histogram",
      'hapair_node_poll_duration_seconds_bucket{cluster="edge",node="lb-a",le="0.05"} 2',
      'hapair_node_poll_duration_seconds_bucket{cluster="edge",node="lb-a",le="0.25"} 2',
      'hapair_node_poll_duration_seconds_bucket{cluster="edge",node="lb-a",le="0.5"} 3',
      'hapair_node_poll_duration_seconds_bucket{cluster="edge",node="lb-a",le="3"} 3',
      'hapair_node_poll_duration_seconds_bucket{cluster="edge",node="lb-a",le="+Inf"} 4',
      'hapair_node_poll_duration_seconds_sum{cluster="edge",node="lb-a"} 3.58',
      'hapair_node_poll_duration_seconds_count{cluster="edge",node="lb-a"} 4',
    ])
      expect(text).toContain(line);
    expect(text).not.toContain('poll_duration_seconds_count{cluster="edge",node="lb-b"}'); // none stored yet
    expect(text.endsWith("\n")).toBe(true);
  });

  it("an unreachable node holds nothing and its state is unknown", async () => {
    const { text } = await renderMetrics(
      snapshot(observation("lb-a", { reachable: false, vipsHeld: ["10.0.0.100"] })),
    );
    expect(text).toContain('hapair_vip_held{cluster="edge",node="lb-a",vip="10.0.0.100"} 0');
    expect(text).toContain('hapair_vrrp_state{cluster="edge",node="lb-a",state="unknown"} 1');
    expect(text).toContain('hapair_node_reachable{cluster="edge",node="lb-a"} 0');
  });

  it("a hostile node inventing 20,000 servers and odd statuses adds no series; states are a fixed set", async () => {
    const invented = Array.from({ length: 20_000 }, (_, i) => ({
      backend: i % 2 ? "be_app" : `be_"x\n${i}`,
      server: `srv-${i}\\"}`,
      status: "WHATEVER",
      checkStatus: null,
      sessions: 0,
    }));
    const hostile = observation("lb-a");
    hostile.haproxy?.servers.push(...invented, {
      backend: "be_app",
      server: "app1",
      status: "DOWN 1/3",
      checkStatus: null,
      sessions: 0,
    });
    const { text } = await renderMetrics(snapshot(hostile));
    const series = text.split("\n").filter((l) => l.startsWith("hapair_server_status{"));
    expect(series.length).toBeLessThanOrEqual(2 * 6);
    expect(text).not.toMatch(/srv-|be_"/);
    expect(["UP 2/3", "DOWN", "MAINT", "DRAIN", "no check", ""].map(serverState)).toEqual([
      "up",
      "down",
      "maint",
      "drain",
      "other",
      "other",
    ]);
    expect(MAX_SERVER_SERIES).toBeGreaterThan(0);
  });
});
