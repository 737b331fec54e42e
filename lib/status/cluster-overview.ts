/**
 * The overview of many pairs, as pure rules: which statuses come first, what a search matches, the
 * counts per status and the view's state in a URL query string (so a link or a reload keeps it).
 */
import type { ClusterHealth } from "./cluster-status";

/**
 * Most urgent first: two VIP holders, then none, then pairs hapair cannot see (unreachable or stale),
 * then degraded ones; pairs waiting for their first host-key acceptance are set-up, not an outage.
 */
export const HEALTH_ORDER = [
  "split-brain",
  "no-holder",
  "unknown",
  "degraded",
  "pending",
  "healthy",
] as const satisfies readonly ClusterHealth[];

/** Every health but healthy and pending: what needs someone now. */
export const PROBLEM_HEALTHS: ReadonlySet<ClusterHealth> = new Set([
  "split-brain",
  "no-holder",
  "unknown",
  "degraded",
]);

export function healthRank(health: ClusterHealth): number {
  return HEALTH_ORDER.indexOf(health);
}

export const OVERVIEW_SORTS = ["status", "name", "changed"] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

/** One status, every problem, or all clusters. */
export type StatusFilter = ClusterHealth | "problems" | "all";

export interface OverviewQuery {
  /** Words a row must all contain (case-insensitive), in its name, node names and addresses, VIPs. */
  search: string;
  status: StatusFilter;
  sort: OverviewSort;
}

export const DEFAULT_OVERVIEW_QUERY: OverviewQuery = { search: "", status: "all", sort: "status" };

/** What the rules read of a cluster (ClusterSummary carries more). */
export interface OverviewRow {
  name: string;
  health: ClusterHealth;
  holder: string | null;
  vips: string[];
  nodes: { name: string; address: string | null; sshHost: string | null }[];
  /** ISO time of the newest event or definition change. */
  lastChangeAt: string;
}

export interface Overview<T extends OverviewRow> {
  /** The rows the search and the status filter keep, in the sort's order. */
  rows: T[];
  /** Rows matching the search per status (a filter chip's count), with `all` and `problems`. */
  counts: Record<StatusFilter, number>;
  /** Rows matching the search, before the status filter. */
  matched: number;
  total: number;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function searchText(row: OverviewRow): string {
  const parts = [row.name, row.holder ?? "", ...row.vips];
  for (const node of row.nodes) parts.push(node.name, node.address ?? "", node.sshHost ?? "");
  return parts.join("\n").toLowerCase();
}

/** Every whitespace-separated word of `search` appears somewhere in the row (an empty search keeps all). */
export function matchesSearch(row: OverviewRow, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = searchText(row);
  return words.every((word) => text.includes(word));
}

export function matchesStatus(health: ClusterHealth, status: StatusFilter): boolean {
  if (status === "all") return true;
  if (status === "problems") return PROBLEM_HEALTHS.has(health);
  return health === status;
}

const byName = (a: OverviewRow, b: OverviewRow) => collator.compare(a.name, b.name);
const byStatus = (a: OverviewRow, b: OverviewRow) => healthRank(a.health) - healthRank(b.health);
const byChange = (a: OverviewRow, b: OverviewRow) => Date.parse(b.lastChangeAt) - Date.parse(a.lastChangeAt);

const COMPARE: Record<OverviewSort, (a: OverviewRow, b: OverviewRow) => number> = {
  status: (a, b) => byStatus(a, b) || byName(a, b),
  name: byName,
  changed: (a, b) => byChange(a, b) || byStatus(a, b) || byName(a, b),
};

export function overview<T extends OverviewRow>(all: readonly T[], query: OverviewQuery): Overview<T> {
  const matched = all.filter((row) => matchesSearch(row, query.search));
  const counts = Object.fromEntries(
    [...HEALTH_ORDER, "problems", "all"].map((status) => [status, 0]),
  ) as Record<StatusFilter, number>;
  for (const row of matched) {
    counts[row.health] += 1;
    if (PROBLEM_HEALTHS.has(row.health)) counts.problems += 1;
  }
  counts.all = matched.length;
  const rows = matched.filter((row) => matchesStatus(row.health, query.status)).sort(COMPARE[query.sort]);
  return { rows, counts, matched: matched.length, total: all.length };
}

const STATUS_FILTERS: readonly string[] = [...HEALTH_ORDER, "problems", "all"];
const isStatusFilter = (value: string): value is StatusFilter => STATUS_FILTERS.includes(value);
const isSort = (value: string): value is OverviewSort =>
  (OVERVIEW_SORTS as readonly string[]).includes(value);

/** The query from `?q=…&status=…&sort=…`; an unknown or missing value is the default. */
export function parseOverviewQuery(params: { get(name: string): string | null }): OverviewQuery {
  const status = params.get("status") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    search: (params.get("q") ?? "").slice(0, 200),
    status: isStatusFilter(status) ? status : DEFAULT_OVERVIEW_QUERY.status,
    sort: isSort(sort) ? sort : DEFAULT_OVERVIEW_QUERY.sort,
  };
}

/** `?q=…&status=…&sort=…` with the defaults left out ("" for the default view). */
export function overviewQueryString(query: OverviewQuery): string {
  const params = new URLSearchParams();
  if (query.search.trim()) params.set("q", query.search);
  if (query.status !== DEFAULT_OVERVIEW_QUERY.status) params.set("status", query.status);
  if (query.sort !== DEFAULT_OVERVIEW_QUERY.sort) params.set("sort", query.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}
