/**
 * The step list of a drill, per mode, against the node holding the VIP. Pure.
 * The dead-man timer is armed on the node before the fault, so the node heals itself even if hapair
 * dies. Node death has none: the definition's node command must bring the node back by itself.
 */
import type { DrillMode, DrillStep, DrillStepKind } from "./types";

/** `isolation`: the partition's gateway-check variant, where the holder must demote itself instead of a page. */
export function drillSteps(
  mode: DrillMode,
  holder: string,
  peer: string,
  options: { isolation?: boolean } = {},
): DrillStep[] {
  const spec: [DrillStepKind, string | null][] =
    mode === "process"
      ? [
          ["precheck", null],
          ["arm-dead-man", holder],
          ["inject-fault", holder],
          ["await-failover", peer],
          ["arp-check", holder],
          ["undo-fault", holder],
          ["await-failback", null],
          ["confirm", null],
        ]
      : mode === "partition"
        ? [
            ["precheck", null],
            ["arm-dead-man", holder],
            ["inject-fault", holder],
            ["await-failover", peer],
            options.isolation ? ["await-demotion", holder] : ["await-alert", null],
            ["undo-fault", holder],
            ["await-failback", null],
            ["confirm", null],
          ]
        : [
            ["precheck", null],
            ["inject-fault", holder],
            ["await-failover", peer],
            ["arp-check", peer],
            ["await-return", holder],
            ["await-failback", null],
            ["confirm", null],
          ];
  return spec.map(([kind, node]) => ({
    kind,
    node,
    status: "pending",
    startedAt: null,
    finishedAt: null,
    log: [],
  }));
}

/** Steps that put a fault on the node: after a crash, these say what to undo. */
export function faultActive(steps: DrillStep[]): boolean {
  const injected = steps.find((s) => s.kind === "inject-fault");
  const undone = steps.find((s) => s.kind === "undo-fault");
  return injected !== undefined && injected.status !== "pending" && undone?.status !== "done";
}

export function deadManArmed(steps: DrillStep[]): boolean {
  const armed = steps.find((s) => s.kind === "arm-dead-man");
  return armed !== undefined && armed.status !== "pending";
}
