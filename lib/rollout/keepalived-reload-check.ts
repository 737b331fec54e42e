/**
 * What one keepalived reload did to the node's VRRP state, from readings taken just before the SIGHUP
 * and after it settled. Pure. keepalived restarts an instance on reload when its VRID or interface
 * changed (`keepalived-reload.ts`): a master then drops to BACKUP during its own reload and the peer
 * takes the VIP if the reload outlasts the peer's master-down time.
 */
import type { VrrpState } from "@/lib/status/observation";

export interface VrrpReading {
  state: VrrpState | null;
  holdsVip: boolean;
  /** When the notify hook last saw a state change (second resolution), if it is installed. */
  since: number | null;
}

export interface KeepalivedReloadCheck {
  reloadMs: number;
  /** The peer's master-down time: a master away longer than this loses the VIP. */
  masterDownMs: number;
  stateBefore: VrrpState | null;
  stateAfter: VrrpState | null;
  vipBefore: boolean;
  vipAfter: boolean;
  /** The notify hook saw a state change between the two readings (even one back to MASTER). */
  hookSawTransition: boolean;
  /** A MASTER before its own reload that left MASTER (or its VIP) meanwhile: the known keepalived behaviour. */
  masterLeftDuringReload: boolean;
}

export function checkKeepalivedReload(
  before: VrrpReading,
  after: VrrpReading,
  reloadMs: number,
  masterDownMs: number,
): KeepalivedReloadCheck {
  const hookSawTransition = before.since !== null && after.since !== null && after.since !== before.since;
  const wasMaster = before.state === "MASTER" && before.holdsVip;
  return {
    reloadMs,
    masterDownMs,
    stateBefore: before.state,
    stateAfter: after.state,
    vipBefore: before.holdsVip,
    vipAfter: after.holdsVip,
    hookSawTransition,
    masterLeftDuringReload: wasMaster && (after.state !== "MASTER" || !after.holdsVip || hookSawTransition),
  };
}

export function describeReloadCheck(check: KeepalivedReloadCheck): string {
  const states = `${check.stateBefore ?? "?"} → ${check.stateAfter ?? "?"}`;
  const timing = `reload ${check.reloadMs} ms against a master-down time of ${check.masterDownMs} ms`;
  return check.masterLeftDuringReload
    ? `WARNING: the master left MASTER during its own keepalived reload (${states}${check.hookSawTransition ? ", the notify hook saw a transition" : ""}; ${timing})`
    : `VRRP state kept through the reload (${states}; ${timing})`;
}
