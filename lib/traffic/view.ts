/** What `GET /api/clusters/:id/traffic` answers: each node's points over a range, and the moments to mark. */
import type { SeriesValue, TrafficPoint } from "./rates";

export const TRAFFIC_RANGES = {
  "15m": { ms: 15 * 60_000, step: 2, bucketMs: null },
  "1h": { ms: 60 * 60_000, step: 2, bucketMs: 10_000 },
  "24h": { ms: 24 * 60 * 60_000, step: 60, bucketMs: null },
  "7d": { ms: 7 * 24 * 60 * 60_000, step: 60, bucketMs: 10 * 60_000 },
} as const;
export type TrafficRange = keyof typeof TRAFFIC_RANGES;

export function isTrafficRange(value: string | null): value is TrafficRange {
  return value !== null && Object.hasOwn(TRAFFIC_RANGES, value);
}

export interface TrafficMark {
  at: number;
  kind: "vip" | "rollout" | "drill";
  label: string;
}

export interface ClusterTraffic {
  range: TrafficRange;
  from: number;
  to: number;
  nodes: { name: string; points: TrafficPoint[] }[];
  marks: TrafficMark[];
}

export const METRICS = ["requests/s", "sessions", "4xx/s", "5xx/s"] as const;

/** One chart's lines: for a proxy key and a metric, each node's [at, value] pairs. Pure. */
export function chartLines(
  traffic: Pick<ClusterTraffic, "nodes">,
  key: string,
  metric: number,
): { node: string; points: [number, number][] }[] {
  return traffic.nodes.map((node) => ({
    node: node.name,
    points: node.points.flatMap((point): [number, number][] => {
      const value: SeriesValue | undefined = point.values[key];
      const y = value?.[metric];
      return y === undefined ? [] : [[point.at, y]];
    }),
  }));
}

/** Every proxy key any node reported in the range, frontends first, by name. */
export function proxyKeys(traffic: Pick<ClusterTraffic, "nodes">): string[] {
  const keys = new Set<string>();
  for (const node of traffic.nodes)
    for (const point of node.points) for (const key in point.values) keys.add(key);
  return [...keys].sort((a, b) => (a[0] === b[0] ? a.localeCompare(b) : a.startsWith("f:") ? -1 : 1));
}
