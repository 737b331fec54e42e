/**
 * The frontends' and backends' traffic counters of one node poll, read from `show stat` CSV by header
 * name (the probe's "@@traffic" section, or HAProxy's whole `show stat` over a forwarded socket). Pure.
 * Bounded: at most MAX_PROXIES_PER_NODE rows and names cut to MAX_NAME_LENGTH, so a node serving
 * thousands of invented proxies cannot grow the charts' storage.
 */

export const MAX_PROXIES_PER_NODE = 24;
export const MAX_NAME_LENGTH = 64;

export interface ProxyCounters {
  /** "f:NAME" for a frontend, "b:NAME" for a backend. */
  key: string;
  /** Current sessions (a gauge). */
  sessions: number;
  /** Requests so far (req_tot; stot where HAProxy counts no requests, TCP mode). */
  requests: number;
  http4xx: number;
  http5xx: number;
}

export interface TrafficReading {
  /** Epoch ms of the poll. */
  at: number;
  /** What the counters count since (HAProxy's worker pids): a new worker starts its counters at zero. */
  epoch: string;
  proxies: ProxyCounters[];
}

const KIND: Record<string, string> = { "0": "f", "1": "b" };

export function parseTrafficCsv(text: string): ProxyCounters[] {
  const lines = text.split("\n");
  const headerLine = lines.find((line) => line.startsWith("# ") && line.includes("pxname"));
  if (!headerLine) return [];
  const header = headerLine.slice(2).split(",");
  const index = (name: string) => header.indexOf(name);
  const [pxname, type, scur, stot, reqTot, h4, h5] = [
    "pxname",
    "type",
    "scur",
    "stot",
    "req_tot",
    "hrsp_4xx",
    "hrsp_5xx",
  ].map(index);
  const counters: ProxyCounters[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (counters.length >= MAX_PROXIES_PER_NODE) break;
    if (line.startsWith("#") || line === "") continue;
    const cells = line.split(",");
    const cell = (i: number | undefined) => (i === undefined || i < 0 ? undefined : cells[i]);
    const kind = KIND[cell(type) ?? ""];
    const name = cell(pxname);
    if (!kind || !name) continue;
    const key = `${kind}:${name.slice(0, MAX_NAME_LENGTH)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counters.push({
      key,
      sessions: count(cell(scur)) ?? 0,
      requests: count(cell(reqTot)) ?? count(cell(stot)) ?? 0,
      http4xx: count(cell(h4)) ?? 0,
      http5xx: count(cell(h5)) ?? 0,
    });
  }
  return counters;
}

function count(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/** The "@@traffic" section of a probe answer (whole or "@@same"), or null when it has none. */
export function trafficSection(answer: string): string | null {
  const start = answer.lastIndexOf("@@traffic\n");
  if (start < 0) return null;
  const end = answer.indexOf("@@end\n", start);
  return answer.slice(start + "@@traffic\n".length, end < 0 ? undefined : end);
}
