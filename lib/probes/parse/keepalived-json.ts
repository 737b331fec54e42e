/**
 * Parses keepalived's JSON dump (`kill -s $(keepalived --signum=JSON) PID` → /tmp/keepalived.json),
 * keeping only state and priorities: the dump also carries the VRRP password in clear, which must
 * never be stored or logged. Pure.
 */
import type { VrrpState } from "@/lib/status/observation";
import { parseJsonArray } from "./json-array";

export interface KeepalivedInstance {
  name: string;
  state: VrrpState;
  basePriority: number | null;
  effectivePriority: number | null;
  vips: string[];
}

// keepalived's numeric states (vrrp.h): 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT.
const STATE_BY_NUMBER: Record<number, VrrpState> = { 0: "INIT", 1: "BACKUP", 2: "MASTER", 3: "FAULT" };

interface RawEntry {
  data?: {
    iname?: unknown;
    state?: unknown;
    base_priority?: unknown;
    effective_priority?: unknown;
    priority?: unknown;
    vips?: unknown;
  };
}

export function parseKeepalivedJson(text: string): KeepalivedInstance[] {
  const entries = parseJsonArray<RawEntry>(text, "expected a JSON array of VRRP instances");
  return entries.flatMap((entry) => {
    const data = entry?.data;
    if (!data || typeof data.iname !== "string" || typeof data.state !== "number") return [];
    const base = numberOrNull(data.base_priority) ?? numberOrNull(data.priority);
    return [
      {
        name: data.iname,
        state: STATE_BY_NUMBER[data.state] ?? "FAULT",
        basePriority: base,
        effectivePriority: numberOrNull(data.effective_priority) ?? base,
        vips: Array.isArray(data.vips)
          ? data.vips.filter((v): v is string => typeof v === "string").map((v) => v.split(/[\s/]/)[0] ?? v)
          : [],
      },
    ];
  });
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
