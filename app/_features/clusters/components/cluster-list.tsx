"use client";

import Link from "next/link";
import { HealthBadge } from "@/app/_features/cluster-live/components/health-badge";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { useClusterList } from "../hooks/use-cluster-list";
import { useLiveEvents } from "@/app/_features/live-events/hooks/use-live-events";

export function ClusterList() {
  useLiveEvents();
  const { data, error, isPending } = useClusterList();
  if (isPending) return <Note>Loading clusters…</Note>;
  if (error) return <ErrorNote what="Could not load clusters" error={error} />;
  if (data.length === 0) {
    return (
      <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-600">
        No clusters yet.{" "}
        <Link href="/clusters/new" className="text-sky-700 hover:underline">
          Create one
        </Link>
        ,{" "}
        <Link href="/clusters/import" className="text-sky-700 hover:underline">
          import a running pair from its files
        </Link>
        , or apply a file with <code className="font-mono">hapair apply FILE</code>.
      </p>
    );
  }
  return (
    <DataTable
      headers={["Cluster", "Status", "VIP holder", "Nodes", "Revision", "Updated"]}
      pad="px-4 py-2"
      className="overflow-hidden"
    >
      {data.map((cluster) => (
        <DataRow key={cluster.id} testId="cluster-row">
          <td className="px-4 py-3 font-medium">
            <Link href={`/clusters/${cluster.id}`} className="text-sky-700 hover:underline">
              {cluster.name}
            </Link>
          </td>
          <td className="px-4 py-3">
            <HealthBadge health={cluster.health} />
          </td>
          <td className="px-4 py-3 font-mono text-xs" data-testid="cluster-holder">
            {cluster.holder ?? "—"} <span className="text-slate-400">{cluster.vips.join(", ")}</span>
          </td>
          <td className="px-4 py-3 font-mono text-xs">
            {cluster.nodes.map((node) => node.name).join(" · ")}
          </td>
          <td className="px-4 py-3">{cluster.revision ?? "—"}</td>
          <td className="px-4 py-3 text-slate-500">{new Date(cluster.updatedAt).toLocaleString()}</td>
        </DataRow>
      ))}
    </DataTable>
  );
}
