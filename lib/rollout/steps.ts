/**
 * The step list of a rollout. Backup first, then master; "verify-on-backup" moves the VIP to the
 * backup (master priority lowered through a reloaded keepalived.conf) before the master changes, and
 * the master's own config, reloaded at the end, is what gives it its priority back. Pure.
 */
import type { FileRole, RolloutMode, StepKind, StepSpec } from "./types";

export interface StepListInput {
  mode: RolloutMode;
  backup: string;
  master: string;
  /** Files that change per node (from the plan). */
  changed: Record<string, Set<FileRole>>;
}

function nodeSteps(node: string, changed: Set<FileRole>, reloadKeepalived: boolean): StepSpec[] {
  if (changed.size === 0 && !reloadKeepalived) return [];
  const steps: StepKind[] = ["install", "reload-haproxy", "check-backends"];
  if (reloadKeepalived) steps.push("reload-keepalived");
  return steps.map((kind) => ({ kind, node }));
}

export function rolloutSteps(input: StepListInput): StepSpec[] {
  const { mode, backup, master, changed } = input;
  const none = new Set<FileRole>();
  const backupChanged = changed[backup] ?? none;
  const masterChanged = changed[master] ?? none;
  const steps: StepSpec[] = [
    { kind: "gate", node: null },
    { kind: "preflight", node: backup },
    { kind: "preflight", node: master },
    { kind: "certificates", node: null },
    ...nodeSteps(backup, backupChanged, backupChanged.has("keepalived.conf")),
  ];
  if (mode === "verify-on-backup") {
    steps.push({ kind: "failover", node: master }, { kind: "probe-vip", node: backup });
    // The failover rewrote the master's keepalived.conf: install always puts the rendered one back,
    // and failback reloads it (the master's priority returns and it takes the VIP back).
    steps.push(
      { kind: "install", node: master },
      { kind: "reload-haproxy", node: master },
      { kind: "check-backends", node: master },
    );
    steps.push({ kind: "failback", node: master });
  } else {
    steps.push(...nodeSteps(master, masterChanged, masterChanged.has("keepalived.conf")));
  }
  steps.push({ kind: "confirm", node: null });
  return steps;
}

/** Steps that change what a node runs: once one of them started on a node, a failure there means restore. */
export const CHANGING_STEPS: readonly StepKind[] = [
  "install",
  "reload-haproxy",
  "reload-keepalived",
  "failover",
  "failback",
];

/** The lowest priority keepalived accepts: the master drops to it so any healthy backup wins. */
export const FAILOVER_PRIORITY = 1;

interface StepState {
  kind: StepSpec["kind"];
  node: string | null;
  status: string;
}

/**
 * After a failed step: restore the node it failed on (the backup when the backup failed, the master
 * keeping the backup's new config when the master failed), plus the master whenever a failover
 * lowered its priority; a cluster-wide step restores every node touched. Then confirm.
 */
export function rollbackSteps(steps: StepState[], failed: StepState): StepSpec[] {
  const touched = new Set(
    steps
      .filter(
        (s) => s.node && CHANGING_STEPS.includes(s.kind) && s.status !== "pending" && s.status !== "skipped",
      )
      .map((s) => s.node as string),
  );
  const failover =
    steps.find((s) => s.kind === "failover" && s.status !== "pending" && s.status !== "skipped")?.node ??
    null;
  const wanted = failed.node ? [failed.node, ...(failover ? [failover] : [])] : [...touched];
  const nodes = [...new Set(wanted)].filter((node) => touched.has(node));
  return nodes.length === 0
    ? []
    : [
        ...nodes.map((node) => ({ kind: "restore" as const, node })),
        { kind: "confirm" as const, node: null },
      ];
}

/** Whether a node was restored in this rollout (its files must then be the previous ones). */
export function restoredNodes(steps: StepState[]): Set<string> {
  return new Set(steps.filter((s) => s.kind === "restore" && s.node).map((s) => s.node as string));
}
