"use client";

import Link from "next/link";
import { memo } from "react";
import { HealthBadge } from "@/app/_features/cluster-live/components/health-badge";
import { DataRow } from "@/app/_components/ui/table";
import type { ClusterSummary } from "@/lib/store/clusters";

/**
 * One cluster of the overview. Memoised: react-query keeps an unchanged cluster's object between the
 * refetches (structural sharing), so a refresh re-renders only the rows whose cluster changed.
 */
export const ClusterRow = memo(function ClusterRow({ cluster }: { cluster: ClusterSummary }) {
  return (
    <DataRow testId="cluster-row">
      <td className="px-4 py-3 font-medium">
        <Link href={`/clusters/${cluster.id}`} className="text-sky-700 hover:underline">
          {cluster.name}
        </Link>
      </td>
      <td className="px-4 py-3" data-health={cluster.health}>
        <HealthBadge health={cluster.health} />
        {cluster.reason && (
          <span className="mt-1 block max-w-xs truncate text-xs text-slate-500" title={cluster.reason}>
            {cluster.reason}
          </span>
        )}
      </td>
      <td className="px-4 py-3 font-mono text-xs" data-testid="cluster-holder">
        {cluster.holder ?? "—"} <span className="text-slate-400">{cluster.vips.join(", ")}</span>
      </td>
      <td className="px-4 py-3 font-mono text-xs">
        <div>{cluster.nodes.map((node) => node.name).join(" · ")}</div>
        <div className="text-slate-400">{cluster.nodes.map((node) => node.address ?? "—").join(" · ")}</div>
      </td>
      <td className="px-4 py-3">{cluster.revision ?? "—"}</td>
      <td className="px-4 py-3 text-slate-500">{new Date(cluster.lastChangeAt).toLocaleString()}</td>
    </DataRow>
  );
});
