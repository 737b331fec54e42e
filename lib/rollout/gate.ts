/** When a rollout may start. Pure. */
import type { ClusterStatus } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";

export interface GateInput {
  status: ClusterStatus;
  observations: Record<string, NodeObservation | undefined>;
  backup: string;
}

/** Reasons the cluster is not fit for a rollout; an empty list means go. A forced start needs a reason. */
export function gateProblems(input: GateInput): string[] {
  const { status, observations, backup } = input;
  const problems: string[] = [];
  if (status.health === "split-brain")
    problems.push(`split-brain: ${status.reasons[0] ?? "both nodes claim the VIP"}`);
  if (status.health === "no-holder") problems.push(`no node holds the VIP: ${status.reasons[0] ?? ""}`);
  if (status.health === "pending")
    problems.push(`awaiting host-key acceptance: ${status.reasons.join("; ")}`);
  if (status.health === "unknown")
    problems.push(`cluster state unknown: ${status.reasons[0] ?? "no fresh data"}`);
  const b = observations[backup];
  if (!b) problems.push(`backup ${backup}: no observation`);
  else if (!b.reachable) problems.push(`backup ${backup} is unreachable: ${b.error ?? "no answer"}`);
  else if (!b.haproxy?.running) problems.push(`backup ${backup}: HAProxy is not running`);
  return problems;
}

/** Which node goes first: the one not holding the VIP now; the definition's BACKUP when it is unclear. */
export function rolloutOrder(
  nodes: { name: string; role: "MASTER" | "BACKUP" }[],
  holder: string | null,
): { backup: string; master: string } {
  const [a, b] = nodes;
  if (!a || !b) throw new Error("a cluster has two nodes");
  const master =
    holder && nodes.some((n) => n.name === holder)
      ? holder
      : (nodes.find((n) => n.role === "MASTER") ?? a).name;
  return { master, backup: master === a.name ? b.name : a.name };
}
