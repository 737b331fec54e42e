/**
 * When a drill may run. Pure. Two kinds of problems: refusals that force can override (the pair is
 * not fit to lose its holder), and blockers it cannot (there is no holder to fail, node death is not
 * enabled or not confirmed, another drill or rollout holds the cluster).
 */
import { serverTakesTraffic } from "@/lib/probes/parse/haproxy-stat";
import type { ClusterStatus } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import type { DrillExpectation, DrillMode } from "./types";

export interface PrecheckInput {
  mode: DrillMode;
  nodes: string[];
  status: ClusterStatus;
  observations: Record<string, NodeObservation | undefined>;
  expectation: DrillExpectation | null;
  /** "rollout #4 is running", "drill #2 is running". */
  activeJobs: string[];
  /** Open (pending or firing) critical incidents: "split-brain: …". */
  openCriticalAlerts: string[];
  nodeDeath: { enabled: boolean; confirmed: boolean };
}

export interface PrecheckResult {
  holder: string | null;
  peer: string | null;
  /** Overridable with force and a reason. */
  problems: string[];
  /** Not overridable. */
  blockers: DrillBlocker[];
}

/** A refusal force cannot override; `field` names the request field that would lift it, if one would. */
export interface DrillBlocker {
  message: string;
  field?: "confirmNodeDeath";
}

/** Servers up on a node, as "backend/server". */
export function serversUp(observation: NodeObservation | undefined): Set<string> {
  return new Set(
    (observation?.haproxy?.servers ?? [])
      .filter((s) => serverTakesTraffic(s.status))
      .map((s) => `${s.backend}/${s.server}`),
  );
}

export function precheckDrill(input: PrecheckInput): PrecheckResult {
  const problems: string[] = [];
  const blockers: DrillBlocker[] = input.activeJobs.map((job) => ({
    message: `${job}: one drill or rollout at a time per cluster`,
  }));
  const holder = input.status.holder;
  const peer = holder ? (input.nodes.find((n) => n !== holder) ?? null) : null;
  if (!holder || !peer) {
    blockers.push({
      message: `no single VIP holder to fail (${input.status.health}${input.status.reasons[0] ? `: ${input.status.reasons[0]}` : ""})`,
    });
    return { holder, peer, problems, blockers };
  }
  if (input.mode === "node") {
    if (!input.nodeDeath.enabled)
      blockers.push({
        message: "node death is not enabled in the definition (drills.nodeDeath)",
        field: "confirmNodeDeath",
      });
    else if (!input.nodeDeath.confirmed)
      blockers.push({
        message: `node death runs the definition's node command on ${holder}: confirm it (confirmNodeDeath)`,
        field: "confirmNodeDeath",
      });
  }
  for (const name of input.nodes) {
    const o = input.observations[name];
    if (!o) problems.push(`${name}: never observed`);
    else if (!o.reachable) problems.push(`${name} is unreachable: ${o.error ?? "no answer"}`);
  }
  const p = input.observations[peer];
  if (p?.reachable) {
    if (!p.keepalived?.running) problems.push(`peer ${peer}: keepalived is not running`);
    const onPeer = serversUp(p);
    const missing = [...serversUp(input.observations[holder])].filter((server) => !onPeer.has(server));
    if (!p.haproxy?.running) problems.push(`peer ${peer}: HAProxy is not running`);
    else if (missing.length > 0)
      problems.push(
        `peer ${peer}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} up on ${holder} but not on ${peer}`,
      );
  }
  for (const alert of input.openCriticalAlerts) problems.push(`open critical alert: ${alert}`);
  for (const problem of input.expectation?.problems ?? []) problems.push(problem);
  return { holder, peer, problems, blockers };
}
