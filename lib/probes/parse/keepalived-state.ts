/**
 * Parses the state file written by hapair's keepalived notify hook: one line
 * `INSTANCE STATE PRIORITY EPOCH_SECONDS` per VRRP instance (the hook receives
 * `TYPE NAME STATE PRIORITY` from keepalived and stamps the time). Pure.
 */
import type { VrrpState } from "@/lib/status/observation";

export interface KeepalivedHookState {
  instances: { name: string; state: VrrpState; priority: number | null; since: Date | null }[];
}

const STATES = new Set<VrrpState>(["INIT", "BACKUP", "MASTER", "FAULT", "STOP"]);

export function parseKeepalivedStateFile(text: string): KeepalivedHookState {
  const instances = text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length >= 2 && cells[0] !== "")
    .map(([name = "", state = "", priority, epoch]) => {
      if (!STATES.has(state as VrrpState)) throw new Error(`unknown VRRP state "${state}"`);
      return {
        name,
        state: state as VrrpState,
        priority: priority && /^\d+$/.test(priority) ? Number(priority) : null,
        since: epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : null,
      };
    });
  return { instances };
}
