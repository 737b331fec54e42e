/** Parses the runtime API's `show stat` CSV, reading columns by header name. Pure. */

export type ProxyRowType = "frontend" | "backend" | "server" | "listener";

export interface StatRow {
  proxy: string;
  name: string;
  type: ProxyRowType;
  /** e.g. OPEN, UP, "UP 1/3", DOWN, "DOWN 1/2", NOLB, DRAIN, MAINT, "MAINT (via b/s)", "no check". */
  status: string;
  weight: number | null;
  checkStatus: string | null;
  checkDescription: string | null;
  currentSessions: number;
  totalSessions: number;
  address: string | null;
  lastChangeSec: number | null;
}

const TYPES: Record<string, ProxyRowType> = {
  "0": "frontend",
  "1": "backend",
  "2": "server",
  "3": "listener",
};

export function parseShowStat(text: string): StatRow[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const headerLine = lines.find((line) => line.startsWith("# pxname,"));
  if (!headerLine) throw new Error("show stat: no header line starting with '# pxname,'");
  const header = headerLine.slice(2).split(",");
  const column = (name: string) => header.indexOf(name);
  const at = (cells: string[], name: string) => {
    const index = column(name);
    const value = index >= 0 ? cells[index] : undefined;
    return value === undefined || value === "" ? null : value;
  };
  return lines
    .filter((line) => line !== headerLine && !line.startsWith("#"))
    .map((line) => {
      const cells = line.split(",");
      return {
        proxy: cells[0] ?? "",
        name: cells[1] ?? "",
        type: TYPES[at(cells, "type") ?? ""] ?? "server",
        status: at(cells, "status") ?? "",
        weight: toNumber(at(cells, "weight")),
        checkStatus: at(cells, "check_status"),
        checkDescription: at(cells, "check_desc"),
        currentSessions: toNumber(at(cells, "scur")) ?? 0,
        totalSessions: toNumber(at(cells, "stot")) ?? 0,
        address: at(cells, "addr"),
        lastChangeSec: toNumber(at(cells, "lastchg")),
      };
    });
}

function toNumber(value: string | null): number | null {
  if (value === null || !/^-?\d+$/.test(value)) return null;
  return Number(value);
}

/** A server counts as healthy when it takes traffic: UP (also "UP 1/3" while going down), or unchecked. */
export function serverTakesTraffic(status: string): boolean {
  return status.startsWith("UP") || status === "no check";
}
