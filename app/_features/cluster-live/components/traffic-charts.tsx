"use client";

import { useState } from "react";
import { linePath, niceMax, xOf, type ChartBox } from "@/lib/traffic/chart-geometry";
import {
  chartLines,
  METRICS,
  proxyKeys,
  TRAFFIC_RANGES,
  type ClusterTraffic,
  type TrafficMark,
  type TrafficRange,
} from "@/lib/traffic/view";
import { useTraffic } from "../hooks/use-traffic";

/** Plain SVG: a few lines and marks per chart need no chart library (nothing added to the bundle). */
const WIDTH = 560;
const HEIGHT = 120;
const NODE_COLOURS = ["#0f766e", "#7c3aed"];
const MARK_COLOURS: Record<TrafficMark["kind"], string> = {
  vip: "#dc2626",
  rollout: "#2563eb",
  drill: "#d97706",
};
const RANGES = Object.keys(TRAFFIC_RANGES) as TrafficRange[];

function Chart({ traffic, proxy, metric }: { traffic: ClusterTraffic; proxy: string; metric: number }) {
  const lines = chartLines(traffic, proxy, metric);
  const max = niceMax(Math.max(0, ...lines.flatMap((line) => line.points.map(([, y]) => y))));
  const box: ChartBox = { from: traffic.from, to: traffic.to, maxY: max, width: WIDTH, height: HEIGHT };
  const { step, bucketMs } = TRAFFIC_RANGES[traffic.range];
  const gapMs = 3 * (bucketMs ?? step * 1_000);
  const [kind, ...name] = proxy.split(":");
  const title = `${kind === "f" ? "frontend" : "backend"} ${name.join(":")}`;
  return (
    <figure
      data-testid={`traffic-chart-${proxy}`}
      className="rounded-lg border border-slate-200 bg-white p-3"
    >
      <figcaption className="mb-1 flex justify-between text-sm">
        <span className="font-semibold">{title}</span>
        <span className="text-slate-500">
          {METRICS[metric]} · max {max}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-32 w-full"
        role="img"
        aria-label={`${title}, ${METRICS[metric]} per node over the last ${traffic.range}`}
        preserveAspectRatio="none"
      >
        <line x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} stroke="#cbd5e1" />
        <line x1={0} y1={0} x2={WIDTH} y2={0} stroke="#f1f5f9" />
        {traffic.marks.map((mark) => (
          <line
            key={`${mark.kind}-${mark.at}`}
            data-testid="chart-mark"
            data-kind={mark.kind}
            x1={xOf(mark.at, box)}
            x2={xOf(mark.at, box)}
            y1={0}
            y2={HEIGHT}
            stroke={MARK_COLOURS[mark.kind]}
            strokeWidth={2}
            strokeDasharray={mark.kind === "vip" ? undefined : "4 3"}
          >
            <title>{`${new Date(mark.at).toLocaleTimeString()} ${mark.label}`}</title>
          </line>
        ))}
        {lines.map((line, i) => (
          <path
            key={line.node}
            d={linePath(line.points, box, gapMs)}
            fill="none"
            stroke={NODE_COLOURS[i % NODE_COLOURS.length]}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
    </figure>
  );
}

function Choices<T extends string | number>({
  options,
  chosen,
  onChoose,
  label = String,
}: {
  options: readonly T[];
  chosen: T;
  onChoose: (option: T) => void;
  label?: (option: T) => string;
}) {
  return options.map((option) => (
    <button
      key={option}
      type="button"
      aria-pressed={option === chosen}
      onClick={() => onChoose(option)}
      className={`rounded px-2 py-0.5 text-sm ${option === chosen ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
    >
      {label(option)}
    </button>
  ));
}

export function TrafficCharts({ clusterId }: { clusterId: string }) {
  const [range, setRange] = useState<TrafficRange>("15m");
  const [metric, setMetric] = useState(0);
  const { data, error } = useTraffic(clusterId, range);
  const keys = data ? proxyKeys(data) : [];
  return (
    <div className="space-y-3" data-testid="traffic-charts">
      <div className="flex flex-wrap items-center gap-2">
        <Choices options={RANGES} chosen={range} onChoose={setRange} />
        <span className="mx-2 text-slate-300">|</span>
        <Choices
          options={METRICS.map((_, i) => i)}
          chosen={metric}
          onChoose={setMetric}
          label={(i) => METRICS[i] ?? ""}
        />
      </div>
      <p className="flex flex-wrap gap-4 text-xs text-slate-600">
        {data?.nodes.map((node, i) => (
          <span key={node.name}>
            <span style={{ color: NODE_COLOURS[i % NODE_COLOURS.length] }}>━━</span> {node.name}
          </span>
        ))}
        {Object.entries(MARK_COLOURS).map(([kind, colour]) => (
          <span key={kind}>
            <span style={{ color: colour }}>┃</span> {kind === "vip" ? "VIP move" : kind}
          </span>
        ))}
      </p>
      {error && <p className="text-sm text-red-700">Traffic unavailable: {error.message}</p>}
      {data && keys.length === 0 && (
        <p className="text-sm text-slate-500">No traffic points in this range yet.</p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        {data && keys.map((key) => <Chart key={key} traffic={data} proxy={key} metric={metric} />)}
      </div>
    </div>
  );
}
