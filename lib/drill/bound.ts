/**
 * The failover a drill may expect, from the definition alone. Pure.
 * - A track script notices a dead HAProxy within interval × fall s.
 * - weight 0: the holder goes FAULT and adverts priority 0; the peer takes over after its skew time.
 * - weight ≠ 0: the holder's priority drops; if it falls below the peer's, the peer (preempting)
 *   ignores the weaker adverts and takes over when its master-down timer expires:
 *   3 × advert_int + (256 − priority)/256 s (keepalived.conf(5)).
 * - node death and partition: the peer's master-down time.
 */
import type { ClusterDefinition, NodeDefinition, TrackScript } from "@/lib/cluster/definition";
import { trackedScripts } from "@/lib/cluster/node-view";
import { demotionMs, effectiveWeight, gatewayCheck, riseMs as scriptRiseMs } from "./gateway";
import type { DrillExpectation, DrillMode } from "./types";

/** Probes run every 200 ms over SSH and a loaded node answers late: the measurement's own slack. */
export const MEASUREMENT_TOLERANCE_MS = 1_000;

const HAPROXY_SCRIPT = /haproxy/i;

export function masterDownMs(advertIntS: number, priority: number): number {
  return Math.round(3 * advertIntS * 1000 + ((256 - priority) / 256) * 1000);
}

export function skewMs(priority: number): number {
  return Math.round(((256 - priority) / 256) * 1000);
}

/** Priority while every track script passes: positive weights add while they succeed. */
function healthyPriority(node: NodeDefinition, scripts: TrackScript[]): number {
  return Math.min(254, node.priority + scripts.reduce((sum, s) => sum + Math.max(0, s.weight), 0));
}

function withFailing(node: NodeDefinition, scripts: TrackScript[], failing: Set<string>): number {
  const p = scripts.reduce(
    (sum, s) => sum + (failing.has(s.name) ? Math.min(0, s.weight) : Math.max(0, s.weight)),
    node.priority,
  );
  return Math.max(1, Math.min(254, p));
}

function peerOf(definition: ClusterDefinition, holder: string): NodeDefinition {
  const peer = definition.nodes.find((n) => n.name !== holder);
  if (!peer) throw new Error(`no peer of ${holder}`);
  return peer;
}

function nodeOf(definition: ClusterDefinition, name: string): NodeDefinition {
  const node = definition.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name} in the definition`);
  return node;
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Fail-back after the fault is undone: the restored node preempts after its scripts rise and its master-down time. */
function failback(
  definition: ClusterDefinition,
  holder: NodeDefinition,
  peer: NodeDefinition,
  riseMs: number,
  explain: string[],
): number | null {
  const { vrrp } = definition;
  const scripts = trackedScripts(definition);
  if (vrrp.nopreempt) {
    explain.push("nopreempt: the VIP stays on the peer after the fault is undone");
    return null;
  }
  if (healthyPriority(holder, scripts) <= healthyPriority(peer, scripts)) {
    explain.push(`${holder.name}'s priority is not above ${peer.name}'s: no fail-back expected`);
    return null;
  }
  const delay = (vrrp.preemptDelay ?? 0) * 1000;
  const ms = riseMs + masterDownMs(vrrp.advertInt, healthyPriority(holder, scripts)) + delay;
  explain.push(
    `fail-back: scripts rise ${s(riseMs)} + ${holder.name}'s master-down time${delay ? ` + preempt_delay ${s(delay)}` : ""} = ${s(ms)}`,
  );
  return ms;
}

/** Partition: a split-brain to page, or (gateway check with weight 0) the isolated holder demoting itself. */
function partition(
  definition: ClusterDefinition,
  holder: NodeDefinition,
  peer: NodeDefinition,
  peerDown: number,
  explain: string[],
): DrillExpectation {
  const gateway = gatewayCheck(definition);
  if (gateway && effectiveWeight(gateway.script) === 0) {
    const ms = demotionMs(gateway.script);
    const { interval, fall } = gateway.script;
    explain.push(
      `gateway check ${gateway.script.name} (weight 0): ${holder.name} is cut off from ${gateway.address} too and must go FAULT, dropping the VIP, within interval ${interval} s × fall ${fall} + its timeout = ${s(ms)}`,
    );
    const back = failback(definition, holder, peer, scriptRiseMs(gateway.script), explain);
    return {
      failoverMs: peerDown,
      failbackMs: back,
      explain,
      problems: [],
      isolation: { script: gateway.script.name, address: gateway.address, demotionMs: ms },
    };
  }
  if (gateway)
    explain.push(
      `gateway check ${gateway.script.name} has weight ${effectiveWeight(gateway.script)}: an isolated node only adverts a lower priority that nobody hears, so it keeps the VIP (weight 0 makes it demote); expecting the split-brain page`,
    );
  explain.push("after the unblock: one holder again (the higher priority keeps or takes the VIP)");
  return { failoverMs: peerDown, failbackMs: null, explain, problems: [] };
}

export function expectedFailover(
  definition: ClusterDefinition,
  mode: DrillMode,
  holderName: string,
): DrillExpectation {
  const holder = nodeOf(definition, holderName);
  const peer = peerOf(definition, holderName);
  const { vrrp } = definition;
  const scripts = trackedScripts(definition);
  const explain: string[] = [];
  const problems: string[] = [];
  const peerPriority = healthyPriority(peer, scripts);
  const peerDown = masterDownMs(vrrp.advertInt, peerPriority);

  if (mode === "node" || mode === "partition") {
    explain.push(
      `${peer.name}'s master-down time: 3 × advert_int ${vrrp.advertInt} s + (256 − ${peerPriority})/256 s = ${s(peerDown)}`,
    );
    if (mode === "partition") return partition(definition, holder, peer, peerDown, explain);
    const back = failback(definition, holder, peer, 0, explain);
    return { failoverMs: peerDown, failbackMs: back, explain, problems };
  }

  const watching = scripts.filter((t) => HAPROXY_SCRIPT.test(t.script));
  if (watching.length === 0) {
    problems.push("no track script watches HAProxy: a dead HAProxy does not move the VIP");
    return { failoverMs: null, failbackMs: null, explain, problems };
  }
  const detectMs = Math.max(...watching.map((t) => t.interval * t.fall * 1000));
  const riseMs = Math.max(...watching.map((t) => t.interval * t.rise * 1000));
  explain.push(
    `track script${watching.length > 1 ? "s" : ""} ${watching.map((t) => `${t.name}: interval ${t.interval} s × fall ${t.fall}`).join(", ")} = ${s(detectMs)}`,
  );
  if (watching.some((t) => t.weight === 0)) {
    const ms = detectMs + skewMs(peerPriority);
    explain.push(
      `weight 0: ${holder.name} goes FAULT and adverts priority 0; ${peer.name} takes over after its skew time ${s(skewMs(peerPriority))}: ${s(ms)}`,
    );
    return {
      failoverMs: ms,
      failbackMs: failback(definition, holder, peer, riseMs, explain),
      explain,
      problems,
    };
  }
  const failing = withFailing(holder, scripts, new Set(watching.map((t) => t.name)));
  explain.push(
    `${holder.name}'s priority with HAProxy down: ${failing} against ${peer.name}'s ${peerPriority}`,
  );
  if (failing >= peerPriority) {
    problems.push(
      `the weight does not close the priority gap (${failing} ≥ ${peerPriority}): a dead HAProxy does not move the VIP`,
    );
    return { failoverMs: null, failbackMs: null, explain, problems };
  }
  if (vrrp.nopreempt) {
    problems.push(
      "nopreempt with a weighted track script: the peer does not preempt a weaker master, so a dead HAProxy does not move the VIP",
    );
    return { failoverMs: null, failbackMs: null, explain, problems };
  }
  const ms = detectMs + peerDown;
  explain.push(`then ${peer.name}'s master-down time ${s(peerDown)}: ${s(ms)}`);
  return {
    failoverMs: ms,
    failbackMs: failback(definition, holder, peer, riseMs, explain),
    explain,
    problems,
  };
}
