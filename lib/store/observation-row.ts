/**
 * A stored observation. The row's `at` is the truth: while a node stays unchanged the sink keeps one
 * history row and only moves its `at` forward (agents/poller/observation-sink.ts), so the JSON's own
 * time is when that state was first seen. A row whose JSON does not parse reads as the node
 * unreachable with that reason: the page and the alert rules say so for that node, nothing crashes.
 */
import type { NodeObservation } from "@/lib/status/observation";
import { advertWindowsSchema, nodeObservationSchema, readColumn } from "./json-columns";

/** `adverts`, the counters written beside the state, joins the observation when readable (else it is left out). */
export function observationOfRow(
  row: { at: Date; data: unknown; adverts?: unknown },
  node = "",
): NodeObservation {
  const at = row.at.toISOString();
  const read = readColumn(nodeObservationSchema, "observation", row.data);
  if (read.ok) {
    const adverts = row.adverts == null ? null : advertWindowsSchema.safeParse(row.adverts);
    return { ...read.value, at, ...(adverts?.success ? { adverts: adverts.data } : {}) };
  }
  return {
    node,
    at,
    reachable: false,
    error: read.unreadable,
    hostKey: "unknown",
    vipsHeld: [],
    keepalived: null,
    haproxy: null,
    nonlocalBind: null,
    checksums: {},
  };
}
