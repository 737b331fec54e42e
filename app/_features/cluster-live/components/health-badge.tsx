import type { ClusterHealth } from "@/lib/status/cluster-status";

const STYLE: Record<ClusterHealth, string> = {
  healthy: "bg-emerald-100 text-emerald-800 ring-emerald-300",
  degraded: "bg-amber-100 text-amber-900 ring-amber-300",
  "split-brain": "bg-red-600 text-white ring-red-700",
  "no-holder": "bg-red-100 text-red-800 ring-red-300",
  unknown: "bg-slate-100 text-slate-700 ring-slate-300",
  pending: "bg-sky-100 text-sky-800 ring-sky-300",
};

export function HealthBadge({ health }: { health: ClusterHealth }) {
  return (
    <span
      data-testid="cluster-health"
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${STYLE[health]}`}
    >
      {health}
    </span>
  );
}
