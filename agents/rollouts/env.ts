/**
 * What the rollout executor works through, injected so that it can be unit-tested without root:
 * the step store (the database in the agents, a map in tests), the nodes (NodeOps over lib/ssh, or
 * fakes), the clock and the traffic probe through the VIP.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { LogLine, RolloutStatus, RolloutView, StepSpec } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { certificatePaths } from "@/lib/cluster/render";
import { certificateFiles } from "@/lib/store/certificates";
import { revisionDefinition } from "@/lib/store/revisions";
import {
  addRunSteps,
  appendRunStepLog,
  appendRunStepOutput,
  loadRunSteps,
  writeRunStep,
  type RunStep,
  type StepWrite,
} from "@/lib/store/rollout-steps";
import { finishRollout } from "@/lib/store/rollouts";
import { realClock, type Clock } from "../runtime/clock";
import { nodeTargetOrReason } from "../runtime/node-target";
import { SshNodeOps, type NodeOps } from "../runtime/node-ops";
import { probeVip } from "../runtime/vip-probe";

export interface RolloutStore {
  steps(rolloutId: number): Promise<RunStep[]>;
  addSteps(rolloutId: number, steps: (StepSpec & { index: number })[]): Promise<void>;
  writeStep(rolloutId: number, index: number, change: StepWrite): Promise<void>;
  appendLog(rolloutId: number, index: number, line: LogLine): Promise<void>;
  appendOutput(rolloutId: number, index: number, text: string): Promise<void>;
  /** Ends the rollout (frees the cluster) and puts it on the cluster's timeline. */
  finish(rollout: RolloutView, status: RolloutStatus, error: string | null): Promise<void>;
}

export interface RolloutNodes {
  definition: ClusterDefinition;
  nodes: Record<string, NodeOps>;
  /** Certificate files hapair holds for paths the revision names (path → PEM with the key), put in place at preflight. */
  certificates?: Record<string, string>;
}

export interface RolloutEnv {
  store: RolloutStore;
  /** The rollout's revision and one NodeOps per node; throws why not (revision gone, node without key). */
  openNodes(rollout: RolloutView, signal: AbortSignal): Promise<RolloutNodes>;
  clock: Clock;
  /** `count` requests through each VIP URL: the traffic test of "verify on backup". */
  probeVip(definition: ClusterDefinition, count: number): Promise<string[]>;
}

export function databaseStore(db: Database): RolloutStore {
  return {
    steps: (id) => loadRunSteps(db, id),
    addSteps: (id, steps) => addRunSteps(db, id, steps),
    writeStep: (id, index, change) => writeRunStep(db, id, index, change),
    appendLog: (id, index, line) => appendRunStepLog(db, id, index, line),
    appendOutput: (id, index, text) => appendRunStepOutput(db, id, index, text),
    finish: (rollout, status, error) => finishRollout(db, rollout, status, error),
  };
}

export async function openSshNodes(
  db: Database,
  pool: SshPool,
  rollout: RolloutView,
  signal: AbortSignal,
): Promise<RolloutNodes> {
  const found = await revisionDefinition(db, rollout.clusterId, rollout.revision);
  if (!found)
    throw new Error(`revision ${rollout.revision} cannot be read (gone, or its secrets cannot be opened)`);
  const { definition, nodeIds, pins } = found;
  const nodes: Record<string, NodeOps> = {};
  for (const node of definition.nodes) {
    const target = nodeTargetOrReason(nodeIds[node.name], node, pins[node.name] ?? null);
    if (typeof target === "string") throw new Error(`${node.name}: ${target}`);
    nodes[node.name] = new SshNodeOps(pool, node.name, target, definition, signal);
  }
  return {
    definition,
    nodes,
    certificates: await certificateFiles(db, rollout.clusterId, certificatePaths(definition)),
  };
}

export function databaseEnv(db: Database, pool: SshPool): RolloutEnv {
  return {
    store: databaseStore(db),
    openNodes: (rollout, signal) => openSshNodes(db, pool, rollout, signal),
    clock: realClock,
    probeVip,
  };
}
