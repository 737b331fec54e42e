"use client";

import Link from "next/link";
import { useDeferredValue, useMemo } from "react";
import { Button } from "@/app/_components/ui/button";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { DataTable } from "@/app/_components/ui/table";
import { useLiveEvents } from "@/app/_features/live-events/hooks/use-live-events";
import { DEFAULT_OVERVIEW_QUERY, overview, type OverviewQuery } from "@/lib/status/cluster-overview";
import type { ClusterSummary } from "@/lib/store/clusters";
import { useClusterList } from "../hooks/use-cluster-list";
import { useOverviewQuery } from "../hooks/use-overview-query";
import { ClusterRow } from "./cluster-row";
import { OverviewToolbar } from "./overview-toolbar";

/**
 * The overview: problems first, searchable and filterable, its state in the URL. Every matching row is
 * rendered (no paging or windowing: 500 rows are a few thousand cells, the browser's find and the
 * order "worst on top" keep working); rows are memoised, so the refresh every second re-renders only
 * clusters that changed, and the search is deferred so typing stays responsive.
 */
export function ClusterList() {
  useLiveEvents();
  const { data, error, isPending } = useClusterList();
  const [query, setQuery] = useOverviewQuery();
  if (isPending) return <Note>Loading clusters…</Note>;
  if (error) return <ErrorNote what="Could not load clusters" error={error} />;
  if (data.length === 0) return <NoClusters />;
  return <Overview clusters={data} query={query} onChange={setQuery} />;
}

function Overview({
  clusters,
  query,
  onChange,
}: {
  clusters: ClusterSummary[];
  query: OverviewQuery;
  onChange: (patch: Partial<OverviewQuery>) => void;
}) {
  const search = useDeferredValue(query.search);
  const { status, sort } = query;
  const view = useMemo(() => overview(clusters, { search, status, sort }), [clusters, search, status, sort]);
  return (
    <div className="space-y-3">
      <OverviewToolbar query={query} counts={view.counts} onChange={onChange} />
      <p className="text-xs text-slate-500" data-testid="cluster-count">
        {view.rows.length === view.total
          ? `${view.total} clusters`
          : `${view.rows.length} of ${view.total} clusters`}
      </p>
      {view.rows.length === 0 ? (
        <NoMatch query={query} onClear={() => onChange(DEFAULT_OVERVIEW_QUERY)} />
      ) : (
        <DataTable
          headers={["Cluster", "Status", "VIP holder", "Nodes", "Revision", "Last change"]}
          pad="px-4 py-2"
          className="overflow-hidden"
          testId="cluster-table"
        >
          {view.rows.map((cluster) => (
            <ClusterRow key={cluster.id} cluster={cluster} />
          ))}
        </DataTable>
      )}
    </div>
  );
}

function NoMatch({ query, onClear }: { query: OverviewQuery; onClear: () => void }) {
  const what = [
    query.search.trim() && `“${query.search.trim()}”`,
    query.status !== "all" && `status ${query.status}`,
  ].filter(Boolean);
  return (
    <p
      className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-600"
      data-testid="cluster-list-empty"
    >
      No cluster matches {what.join(" with ")}.{" "}
      <Button look="link" onClick={onClear}>
        Clear the search and filter
      </Button>
    </p>
  );
}

function NoClusters() {
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
