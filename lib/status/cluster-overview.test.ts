import { describe, expect, it } from "vitest";
import type { ClusterHealth } from "./cluster-status";
import {
  DEFAULT_OVERVIEW_QUERY,
  HEALTH_ORDER,
  matchesSearch,
  overview,
  overviewQueryString,
  parseOverviewQuery,
  type OverviewQuery,
  type OverviewRow,
} from "./cluster-overview";

function row(name: string, health: ClusterHealth, patch: Partial<OverviewRow> = {}): OverviewRow {
  return {
    name,
    health,
    holder: health === "healthy" ? `${name}-a` : null,
    vips: ["10.0.0.100"],
    nodes: [
      { name: `${name}-a`, address: "10.0.0.11", sshHost: "lb-a.example" },
      { name: `${name}-b`, address: "10.0.0.12", sshHost: "lb-b.example" },
    ],
    lastChangeAt: "2026-12-01T10:00:00.000Z",
    ...patch,
  };
}

/** Rows from a table of names and their health, in the table's order. */
const rowsOf = (health: Record<string, ClusterHealth>) => Object.entries(health).map(([n, h]) => row(n, h));

const query = (patch: Partial<OverviewQuery> = {}): OverviewQuery => ({
  ...DEFAULT_OVERVIEW_QUERY,
  ...patch,
});
const names = (rows: OverviewRow[]) => rows.map((r) => r.name);

describe("problems first", () => {
  it("orders split-brain, no holder, unknown, degraded, pending, healthy; by name within one", () => {
    const rows = rowsOf({
      "web-10": "healthy",
      "web-2": "healthy",
      pay: "degraded",
      new: "pending",
      edge: "unknown",
      mail: "no-holder",
      db: "split-brain",
    });
    expect(names(overview(rows, query()).rows)).toEqual([
      "db",
      "mail",
      "edge",
      "pay",
      "new",
      "web-2",
      "web-10",
    ]);
    expect(HEALTH_ORDER).toHaveLength(6);
  });

  it("by name: numbers in names compare as numbers, case does not matter", () => {
    const rows = rowsOf({ "Pair-10": "split-brain", "pair-9": "healthy", "pair-1": "unknown" });
    expect(names(overview(rows, query({ sort: "name" })).rows)).toEqual(["pair-1", "pair-9", "Pair-10"]);
  });

  it("by last change: newest first, problems first among equal times", () => {
    const rows = [
      row("old", "split-brain", { lastChangeAt: "2026-12-01T09:00:00.000Z" }),
      row("new-ok", "healthy", { lastChangeAt: "2026-12-01T11:00:00.000Z" }),
      row("new-bad", "degraded", { lastChangeAt: "2026-12-01T11:00:00.000Z" }),
    ];
    expect(names(overview(rows, query({ sort: "changed" })).rows)).toEqual(["new-bad", "new-ok", "old"]);
  });

  it("does not reorder the caller's array", () => {
    const rows = rowsOf({ b: "healthy", a: "split-brain" });
    overview(rows, query());
    expect(names(rows)).toEqual(["b", "a"]);
  });
});

describe("search", () => {
  const pair = row("payments-edge", "healthy", {
    vips: ["192.168.50.10"],
    nodes: [
      { name: "lb-pay-01", address: "10.4.0.11", sshHost: "pay01.dc4.example" },
      { name: "lb-pay-02", address: "10.4.0.12", sshHost: "pay02.dc4.example" },
    ],
  });

  it.each([
    ["cluster name", "PAYMENTS"],
    ["node name", "lb-pay-02"],
    ["node address", "10.4.0.12"],
    ["ssh host", "dc4.EXAMPLE"],
    ["VIP", "192.168.50.10"],
    ["VIP holder", "lb-pay-01"],
    ["every word somewhere", "  edge 10.4.0.11 "],
    ["empty", ""],
  ])("matches by %s", (_what, search) => {
    expect(matchesSearch(pair, search)).toBe(true);
  });

  it.each([
    ["another address", "10.4.0.13"],
    ["one word missing", "payments nowhere"],
  ])("does not match %s", (_what, search) => {
    expect(matchesSearch(pair, search)).toBe(false);
  });
});

describe("filter and counts", () => {
  const rows = rowsOf({
    "a-1": "split-brain",
    "a-2": "healthy",
    "a-3": "healthy",
    "b-1": "degraded",
    "b-2": "pending",
    "b-3": "unknown",
  });

  it("counts per status follow the search, not the status filter", () => {
    const result = overview(rows, query({ search: "a-", status: "healthy" }));
    expect(names(result.rows)).toEqual(["a-2", "a-3"]);
    expect(result.counts).toMatchObject({ all: 3, healthy: 2, "split-brain": 1, degraded: 0, problems: 1 });
    expect([result.matched, result.total]).toEqual([3, 6]);
  });

  it("problems are every status but healthy and pending", () => {
    expect(names(overview(rows, query({ status: "problems" })).rows)).toEqual(["a-1", "b-3", "b-1"]);
  });

  it("nothing matches: no rows, zero counts", () => {
    const result = overview(rows, query({ search: "zzz" }));
    expect(result.rows).toEqual([]);
    expect(result.counts.all).toBe(0);
  });
});

describe("URL query", () => {
  it("round-trips, leaving the defaults out", () => {
    const state = query({ search: "pay 10.4", status: "split-brain", sort: "changed" });
    const text = overviewQueryString(state);
    expect(text).toBe("?q=pay+10.4&status=split-brain&sort=changed");
    expect(parseOverviewQuery(new URLSearchParams(text))).toEqual(state);
    expect(overviewQueryString(DEFAULT_OVERVIEW_QUERY)).toBe("");
    expect(overviewQueryString(query({ search: "   " }))).toBe("");
  });

  it("reads unknown values as the defaults and caps the search", () => {
    const parsed = parseOverviewQuery(
      new URLSearchParams({ status: "on-fire", sort: "random", q: "x".repeat(500) }),
    );
    expect(parsed).toEqual({ search: "x".repeat(200), status: "all", sort: "status" });
  });
});
