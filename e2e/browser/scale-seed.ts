/**
 * Many clusters in the browser specs' database, for the overview at scale (dashboard-scale.spec.ts).
 * Nothing reaches out to them: their nodes have no SSH key (the poller refuses to connect without
 * one) and loopback addresses on the discard port, and each is created with a lease held by a
 * stand-in agents process that this module keeps alive, so the real agents neither poll nor evaluate
 * them. The states they show are the observations written here, kept fresh by moving their time
 * forward the way the sink does for an unchanged node.
 */
import { randomUUID } from "node:crypto";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import type { ClusterHealth } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { holding, nodeObservation } from "@/lib/status/__fixtures__/observation";

export const SCALE_PREFIX = "scale-";
/** The stand-in agents process that holds the seeded clusters' leases. */
export const STAND_IN = "e2e-dashboard-scale";
const BATCH = 100;

/** Per 100 clusters: 2 split-brain, 2 without a holder, 4 stale, 8 degraded, 4 pending, the rest healthy. */
export function seededHealth(index: number): ClusterHealth {
  const slot = index % 100;
  if (slot < 2) return "split-brain";
  if (slot < 4) return "no-holder";
  if (slot < 8) return "unknown";
  if (slot < 16) return "degraded";
  if (slot < 20) return "pending";
  return "healthy";
}

export const scaleName = (index: number) => `${SCALE_PREFIX}${String(index).padStart(4, "0")}`;

/** Loopback addresses: 127.77.<hi>.<lo> for nodes, 127.78.<hi>.<lo> for the VIP. */
function addresses(index: number) {
  const hi = Math.floor(index / 250);
  const lo = (index % 250) + 1;
  return { a: `127.77.${hi * 2}.${lo}`, b: `127.77.${hi * 2 + 1}.${lo}`, vip: `127.78.${hi}.${lo}` };
}

function definition(index: number) {
  const { a, b, vip } = addresses(index);
  const { authPass: _secret, ...vrrp } = articlePair.vrrp;
  const node = (patch: { name: string; address: string }, base = articlePair.nodes[0]) => ({
    ...base,
    ...patch,
    ssh: { host: patch.address, port: 9 },
  });
  return clusterDefinitionSchema.parse({
    ...articlePair,
    name: scaleName(index),
    vips: [{ address: vip, prefix: 32, interface: "lo" }],
    vrrp: { ...vrrp, virtualRouterId: (index % 250) + 1 },
    nodes: [
      node({ name: "lb-01", address: a }, articlePair.nodes[0]),
      node({ name: "lb-02", address: b }, articlePair.nodes[1]),
    ],
  });
}

function observation(node: string, health: ClusterHealth, vip: string, first: boolean): NodeObservation {
  const base = nodeObservation(node);
  if (health === "pending")
    return nodeObservation(node, {
      reachable: false,
      hostKey: "unknown",
      error: "host key not accepted yet",
      keepalived: null,
      haproxy: null,
    });
  if (health === "split-brain") return nodeObservation(node, holding(vip, 110));
  if (health === "no-holder") return base;
  if (health === "degraded" && !first)
    return { ...base, haproxy: base.haproxy && { ...base.haproxy, running: false } };
  return first ? nodeObservation(node, holding(vip, 110)) : base;
}

/** One cluster's rows, with ids of its own so they can go in with createMany. */
function seedRows(index: number, now: Date) {
  const spec = definition(index);
  const health = seededHealth(index);
  const at = new Date(health === "unknown" ? now.getTime() - 60_000 : now.getTime());
  const vip = addresses(index).vip;
  const clusterId = randomUUID();
  const nodes = spec.nodes.map((node) => ({
    id: randomUUID(),
    clusterId,
    name: node.name,
    hostKeyStatus: health === "pending" ? "unknown" : "pinned",
  }));
  return {
    cluster: { id: clusterId, name: spec.name },
    revision: { clusterId, number: 1, spec, author: "e2e", message: "scale seed" },
    nodes,
    observations: nodes.map((node, i) => {
      const data = observation(node.name, health, vip, i === 0);
      return {
        nodeId: node.id,
        at,
        reachable: data.reachable,
        data: { ...data, at: at.toISOString() } as unknown as Prisma.InputJsonValue,
      };
    }),
  };
}

/** Removes what an earlier (possibly interrupted) run left: the clusters (their rows go with them) and the stand-in. */
export async function removeScaleClusters(db: Database): Promise<void> {
  await db.cluster.deleteMany({ where: { name: { startsWith: SCALE_PREFIX } } });
  await db.agentProcess.deleteMany({ where: { id: STAND_IN } });
}

export interface ScaleSeed {
  count: number;
  /** Stops keeping the seeded state fresh and the leases alive. */
  stop: () => void;
}

/**
 * Seeds `count` clusters with their leases in one batch per 100 (no moment where the real agents
 * could take one), then every second renews the leases, beats the stand-in and moves the fresh
 * clusters' observations forward (stale ones keep a time a minute old).
 */
export async function seedScaleClusters(db: Database, count: number): Promise<ScaleSeed> {
  await removeScaleClusters(db);
  const started = new Date();
  await db.agentProcess.create({
    data: {
      id: STAND_IN,
      pid: process.pid,
      host: "playwright",
      startedAt: started,
      beatAt: started,
      beats: 1,
    },
  });
  const lease = () => ({
    owner: STAND_IN,
    version: 1,
    renewedAt: new Date(),
    expiresAt: new Date(Date.now() + 6_000),
  });
  for (let from = 0; from < count; from += BATCH) {
    const indexes = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => from + i);
    const batch = indexes.map((index) => seedRows(index, started));
    await db.$transaction([
      db.cluster.createMany({ data: batch.map((b) => b.cluster) }),
      db.clusterLease.createMany({ data: batch.map((b) => ({ clusterId: b.cluster.id, ...lease() })) }),
      db.clusterRevision.createMany({ data: batch.map((b) => b.revision) }),
      db.node.createMany({ data: batch.flatMap((b) => b.nodes) }),
      db.nodeObservation.createMany({ data: batch.flatMap((b) => b.observations) }),
    ]);
  }
  const fresh = await db.node.findMany({
    where: {
      cluster: { name: { startsWith: SCALE_PREFIX } },
      observations: { some: { at: { gte: started } } },
    },
    select: { id: true },
  });
  const freshIds = fresh.map((n) => n.id);
  let beats = 1;
  let busy = false;
  const keepAlive = async () => {
    if (busy) return;
    busy = true;
    try {
      beats += 1;
      const now = new Date();
      await db.$transaction([
        db.agentProcess.update({ where: { id: STAND_IN }, data: { beats, beatAt: now } }),
        db.clusterLease.updateMany({
          where: { owner: STAND_IN },
          data: { version: { increment: 1 }, renewedAt: now, expiresAt: new Date(now.getTime() + 6_000) },
        }),
        db.nodeObservation.updateMany({ where: { nodeId: { in: freshIds } }, data: { at: now } }),
      ]);
    } catch (error) {
      console.error(`[scale seed] keep-alive failed: ${String(error)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void keepAlive(), 1_000);
  return { count, stop: () => clearInterval(timer) };
}
