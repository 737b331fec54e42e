"use client";

import { useEffect } from "react";
import { LabelledInput, LabelledSelect } from "@/app/_components/ui/form";
import {
  HEALTH_ORDER,
  OVERVIEW_SORTS,
  type OverviewQuery,
  type OverviewSort,
  type StatusFilter,
} from "@/lib/status/cluster-overview";

const FILTERS: readonly StatusFilter[] = ["all", "problems", ...HEALTH_ORDER];
const SEARCH_ID = "cluster-search";
const SORTS: Record<OverviewSort, string> = {
  status: "Status (problems first)",
  name: "Name",
  changed: "Last change",
};

/** Search (`/` focuses it), one chip per status with its count among the search's matches, and the sort. */
export function OverviewToolbar({
  query,
  counts,
  onChange,
}: {
  query: OverviewQuery;
  counts: Record<StatusFilter, number>;
  onChange: (patch: Partial<OverviewQuery>) => void;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "/" || target?.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      document.getElementById(SEARCH_ID)?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <LabelledInput
        id={SEARCH_ID}
        label="Search"
        type="search"
        value={query.search}
        onChange={(e) => onChange({ search: e.target.value })}
        placeholder="cluster, node, address or VIP  ( / )"
        className="w-72"
        maxLength={200}
        data-testid="cluster-search"
      />
      <div role="group" aria-label="Status" className="flex flex-wrap gap-1.5">
        {FILTERS.map((status) => (
          <button
            key={status}
            type="button"
            aria-pressed={query.status === status}
            onClick={() => onChange({ status })}
            data-testid={`status-filter-${status}`}
            className={`rounded-full px-2.5 py-1 text-xs ring-1 ${
              query.status === status
                ? "bg-sky-700 text-white ring-sky-700"
                : counts[status] === 0
                  ? "bg-white text-slate-400 ring-slate-200"
                  : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
            }`}
          >
            {status} <span className="font-semibold tabular-nums">{counts[status]}</span>
          </button>
        ))}
      </div>
      <LabelledSelect
        label="Sort"
        value={query.sort}
        onChange={(e) =>
          onChange({ sort: OVERVIEW_SORTS.find((sort) => sort === e.target.value) ?? "status" })
        }
        data-testid="cluster-sort"
      >
        {Object.entries(SORTS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </LabelledSelect>
    </div>
  );
}
