/** Builds a drill's plan and I/O from its row: the revision's definition, SSH to both nodes, the store. */
import { alertingSettings } from "@/lib/cluster/schema/alerting";
import { drillsSettings } from "@/lib/cluster/schema/drills";
import type { Database } from "@/lib/db/client";
import { expectedFailover } from "@/lib/drill/bound";
import type { DrillView } from "@/lib/drill/types";
import type { SshPool } from "@/lib/ssh";
import { abortRequested, drillAlerts, saveDrillProgress } from "@/lib/store/drills";
import { revisionDefinition } from "@/lib/store/revisions";
import { nodeTargetOrReason } from "../runtime/node-target";
import { startClientLoop } from "./client-loop";
import { SshDrillNode } from "./node-io";
import type { DrillIo, DrillNodeIo, DrillPlan } from "./types";

export const DRILL_POLL_MS = 200;

export async function drillContext(
  db: Database,
  pool: SshPool,
  drill: DrillView,
  signal: AbortSignal,
): Promise<{ plan: DrillPlan; io: DrillIo }> {
  const found = await revisionDefinition(db, drill.clusterId, drill.revision);
  if (!found)
    throw new Error(`revision ${drill.revision} cannot be read (gone, or its secrets cannot be opened)`);
  const { definition, nodeIds, pins } = found;
  if (!drill.holder || !drill.peer) throw new Error("the drill names no VIP holder");
  const nodes: Record<string, DrillNodeIo> = {};
  for (const node of definition.nodes) {
    const target = nodeTargetOrReason(nodeIds[node.name], node, pins[node.name] ?? null);
    if (typeof target === "string") throw new Error(`${node.name}: ${target}`);
    nodes[node.name] = new SshDrillNode(pool, node.name, target, definition, signal);
  }
  const settings = drillsSettings(definition.drills);
  const plan: DrillPlan = {
    id: drill.id,
    mode: drill.mode,
    holder: drill.holder,
    peer: drill.peer,
    expectation: expectedFailover(definition, drill.mode, drill.holder),
    vips: definition.vips.map((v) => v.address),
    vipInterface: definition.vips[0]?.interface ?? "eth0",
    commands: {
      haproxyStop: definition.commands.haproxyStop,
      haproxyStart: definition.commands.haproxyStart,
    },
    deadManSeconds: settings.deadManSeconds,
    nodeDeathCommand: settings.nodeDeath.command ?? null,
    returnWithinMs: settings.nodeDeath.returnWithinSeconds * 1000,
    splitBrainHoldMs: alertingSettings(definition.alerting).hold.splitBrain * 1000,
    forceReason: drill.forceReason,
    forcedOver: drill.forceReason ? drill.problems : [],
    pollMs: DRILL_POLL_MS,
    startedAtMs: Date.parse(drill.startedAt ?? drill.createdAt),
  };
  const io: DrillIo = {
    nodes,
    persist: (state) => saveDrillProgress(db, drill.id, state),
    alerts: (since, faultAt) => drillAlerts(db, drill.clusterId, since, faultAt),
    startClient: () => startClientLoop(definition),
    abortRequested: () => abortRequested(db, drill.id),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return { plan, io };
}
