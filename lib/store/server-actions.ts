/**
 * Runtime server actions in the database: the web server requests them, the agents claim, run and
 * finish them. Rows are the record of who did what, when, and how each node answered.
 */
import { auditWrite } from "@/lib/audit/audit";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import {
  type NodeActionResult,
  type ServerActionRequest,
  type ServerActionStatus,
  type ServerActionView,
} from "@/lib/runtime-api/server-action";
import { nodeActionResultsSchema, readColumn } from "./json-columns";
import { refusal, type Refusal } from "./result";
import { claimableClusters, takeFromDead, type RowOwner } from "./owned-rows";
import { clusterJobList } from "./cluster-job-list";
import { rowWaiter } from "./wait-for-row";

type Row = NonNullable<Awaited<ReturnType<Database["serverAction"]["findUnique"]>>>;

/** The nodes' answers; an unreadable column reads as one failed answer saying so. */
function actionResults(row: Row): NodeActionResult[] {
  const read = readColumn(nodeActionResultsSchema, "results", row.results ?? []);
  if (read.ok) return read.value;
  const at = (row.finishedAt ?? row.requestedAt).toISOString();
  return [{ node: "(store)", ok: false, error: read.unreadable, stateSaved: false, at, durationMs: 0 }];
}

export function actionView(row: Row): ServerActionView {
  return {
    id: row.id,
    clusterId: row.clusterId,
    backend: row.backend,
    server: row.server,
    action: row.action as ServerActionView["action"],
    align: row.align,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    status: row.status as ServerActionStatus,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    results: actionResults(row),
  };
}

async function latestDefinition(db: Database, clusterId: string): Promise<ClusterDefinition | null> {
  const revision = await db.clusterRevision.findFirst({ where: { clusterId }, orderBy: { number: "desc" } });
  const parsed = clusterDefinitionSchema.safeParse(revision?.spec);
  return parsed.success ? parsed.data : null;
}

export type RequestOutcome = { ok: true; action: ServerActionView } | Refusal;

/** Validates the request against the cluster's latest definition and records it as pending. */
export async function requestServerAction(
  db: Database,
  clusterId: string,
  { backend, server, action, align = false }: ServerActionRequest,
  requestedBy: string,
): Promise<RequestOutcome> {
  const definition = await latestDefinition(db, clusterId);
  if (!definition) return refusal("not-found", "(cluster)", "no such cluster");
  const backendDef = definition.haproxy.backends.find((b) => b.name === backend);
  if (!backendDef) return refusal("invalid", "backend", `no backend ${backend} in the cluster's definition`);
  if (!backendDef.servers.some((s) => s.name === server))
    return refusal("invalid", "server", `no server ${server} in backend ${backend}`);
  const [row] = await db.$transaction([
    db.serverAction.create({ data: { clusterId, backend, server, action, align, requestedBy } }),
    auditWrite(db, {
      actor: requestedBy,
      action: align ? "server.align" : `server.${action}`,
      target: `${backend}/${server}`,
      clusterId,
      ...(align ? { after: { action, weight: "configured" } } : {}),
    }),
  ]);
  return { ok: true, action: actionView(row) };
}

export async function getServerAction(db: Database, id: number): Promise<ServerActionView | null> {
  const row = await db.serverAction.findUnique({ where: { id } });
  return row ? actionView(row) : null;
}

/** Polls the row until the agents finished it or the time is up; answers its latest state. */
export const waitForServerAction = rowWaiter(
  getServerAction,
  (action) => action.status === "done" || action.status === "failed",
  100,
);

export const listServerActions = clusterJobList((db, query) => db.serverAction.findMany(query), actionView);

/**
 * Claims the oldest pending action of a cluster that has none running (actions on one cluster run in
 * the order they were asked for). The conditional update makes a claim safe against a second claimer.
 */
export async function claimNextServerAction(
  db: Database,
  owner: string | null = null,
  /** Only clusters this process holds the lease of (one process runs a cluster's jobs one after another). */
  owns: (clusterId: string) => boolean = () => true,
): Promise<ServerActionView | null> {
  const busy = await db.serverAction.findMany({ where: { status: "running" }, select: { clusterId: true } });
  const clusters = await claimableClusters(
    db,
    owns,
    busy.map((b) => b.clusterId),
  );
  const next = await db.serverAction.findFirst({
    where: { status: "pending", clusterId: { in: clusters } },
    orderBy: { id: "asc" },
  });
  if (!next) return null;
  const claimed = await db.serverAction.updateMany({
    where: { id: next.id, status: "pending" },
    data: { status: "running", startedAt: new Date(), owner },
  });
  return claimed.count === 1 ? getServerAction(db, next.id) : null;
}

/** Records each node's answer, the overall status and a timeline event, in one batch. */
export async function finishServerAction(
  db: Database,
  action: ServerActionView,
  results: NodeActionResult[],
): Promise<ServerActionView> {
  const status: ServerActionStatus = results.length > 0 && results.every((r) => r.ok) ? "done" : "failed";
  const summary = results
    .map((r) =>
      r.ok ? `${r.node} ${r.adminState ?? "ok"}` : `${r.node} failed: ${r.error ?? "unknown error"}`,
    )
    .join("; ");
  const [row] = await db.$transaction([
    db.serverAction.update({
      where: { id: action.id },
      data: { status, finishedAt: new Date(), results: results as unknown as object[] },
    }),
    db.clusterEvent.create({
      data: {
        clusterId: action.clusterId,
        kind: "server-action",
        message: `${action.align ? "align (" + action.action + ", configured weight)" : action.action} ${action.backend}/${action.server} by ${action.requestedBy}: ${status} (${summary})`,
        data: { actionId: action.id },
      },
    }),
  ]);
  return actionView(row);
}

/** Actions left running by an agents process that died mid-way (all of them unless `who` says whose): nobody will finish them. */
export async function failAbandonedServerActions(
  db: Database,
  who: RowOwner = { self: "", isDead: () => true },
): Promise<number> {
  const now = new Date();
  const results: NodeActionResult[] = [
    {
      node: "(agents)",
      ok: false,
      error: "the agents process restarted during the action; check the servers state",
      stateSaved: false,
      at: now.toISOString(),
      durationMs: 0,
    },
  ];
  const rows = await db.serverAction.findMany({
    where: { status: "running" },
    select: { id: true, owner: true },
  });
  const failed = await takeFromDead(rows, who, (row) =>
    db.serverAction.updateMany({
      where: { id: row.id, status: "running", owner: row.owner },
      data: { status: "failed", finishedAt: now, results: results as unknown as object[] },
    }),
  );
  return failed.length;
}
