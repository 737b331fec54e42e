/**
 * The partition drill's gateway-check variant (the design article's chk_gateway): a track script that
 * pings a third host so that a node cut off from the network demotes itself. Pure.
 *
 * Only weight 0 demotes a truly isolated node: the failing script puts it in FAULT and it drops the
 * VIP. A negative weight only lowers the priority it adverts, and with VRRP cut it hears no peer to
 * yield to, so it keeps the VIP (split-brain), which the ordinary partition drill then pages.
 */
import type { ClusterDefinition, TrackScript } from "@/lib/cluster/definition";
import { trackedScripts } from "@/lib/cluster/node-view";

const REACHABILITY = /^(ping|fping|arping)$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

export interface GatewayCheck {
  script: TrackScript;
  /** The address the script pings: what the drill cuts the holder off from. */
  address: string;
}

/** The first tracked script that pings an IPv4 address literal, with that address (an untracked one demotes nobody). */
export function gatewayCheck(definition: ClusterDefinition): GatewayCheck | null {
  for (const script of trackedScripts(definition)) {
    const words = script.script.trim().split(/\s+/);
    const command = (words[0] ?? "").split("/").at(-1) ?? "";
    if (!REACHABILITY.test(command)) continue;
    const address = words.slice(1).findLast((w) => IPV4.test(w));
    if (address) return { script, address };
  }
  return null;
}

/** The script fails `fall` runs in a row, the last ending by its timeout (keepalived's default: the interval). */
export function demotionMs(script: TrackScript): number {
  return (script.fall * script.interval + (script.timeout ?? script.interval)) * 1000;
}

export function riseMs(script: TrackScript): number {
  return script.rise * script.interval * 1000;
}

/** The weight that applies to the instance (track_script's own weight first). */
export function effectiveWeight(script: TrackScript): number {
  return script.instanceWeight ?? script.weight;
}
