/**
 * Alert incidents in the database, written by the evaluator from the engine's transitions: each fire
 * and each resolve of a fired incident also queues one notification per enabled channel (the outbox),
 * in the same batch, so a page is never lost nor queued twice.
 */
import type { OpenIncident, Transition } from "@/lib/alerts/engine";
import type { RuleId } from "@/lib/alerts/types";
import type { Database } from "@/lib/db/client";

export type OpenClusterIncident = OpenIncident & { clusterId: string };

export async function openIncidents(db: Database): Promise<OpenClusterIncident[]> {
  const rows = await db.alertIncident.findMany({
    where: { state: { in: ["pending", "firing"] } },
    select: { id: true, clusterId: true, rule: true, key: true, state: true, since: true, summary: true },
  });
  return rows.map((row) => ({
    ...row,
    rule: row.rule as RuleId,
    state: row.state as OpenIncident["state"],
    since: row.since.getTime(),
  }));
}

/** The open incidents grouped by cluster (the evaluator's round: one pass, not a filter per cluster). */
export async function openIncidentsByCluster(db: Database): Promise<Map<string, OpenClusterIncident[]>> {
  const byCluster = new Map<string, OpenClusterIncident[]>();
  for (const incident of await openIncidents(db)) {
    const list = byCluster.get(incident.clusterId);
    if (list) list.push(incident);
    else byCluster.set(incident.clusterId, [incident]);
  }
  return byCluster;
}

/** Applies one cluster's transitions; answers how many notifications were queued. */
export async function applyTransitions(
  db: Database,
  clusterId: string,
  transitions: Transition[],
  now: Date,
): Promise<number> {
  if (transitions.length === 0) return 0;
  const channels = await db.notificationChannel.findMany({ where: { enabled: true }, select: { id: true } });
  const fireChannels = async (incidentId: number) =>
    (
      await db.alertNotification.findMany({
        where: { incidentId, event: "fire" },
        select: { channelId: true },
      })
    ).map((row) => row.channelId);
  let queued = 0;
  for (const transition of transitions) {
    switch (transition.kind) {
      case "open": {
        const { condition, firing } = transition;
        await db.alertIncident.create({
          data: {
            clusterId,
            rule: condition.rule,
            key: condition.key,
            severity: condition.severity,
            state: firing ? "firing" : "pending",
            summary: condition.summary,
            since: now,
            firedAt: firing ? now : null,
            evidence: condition.evidence as object,
            notifications: firing
              ? { create: channels.map((c) => ({ channelId: c.id, event: "fire" })) }
              : undefined,
          },
        });
        if (firing) queued += channels.length;
        break;
      }
      case "fire": {
        const { condition, id } = transition;
        await db.$transaction([
          db.alertIncident.update({
            where: { id },
            data: {
              state: "firing",
              firedAt: now,
              severity: condition.severity,
              summary: condition.summary,
              evidence: condition.evidence as object,
            },
          }),
          ...channels.map((c) =>
            db.alertNotification.create({ data: { incidentId: id, channelId: c.id, event: "fire" } }),
          ),
        ]);
        queued += channels.length;
        break;
      }
      case "resolve": {
        // "Resolved" goes where "firing" went, and nowhere else.
        const targets = await fireChannels(transition.id);
        await db.$transaction([
          db.alertIncident.update({
            where: { id: transition.id },
            data: { state: "resolved", resolvedAt: now },
          }),
          ...targets.map((channelId) =>
            db.alertNotification.create({ data: { incidentId: transition.id, channelId, event: "resolve" } }),
          ),
        ]);
        queued += targets.length;
        break;
      }
      case "update": {
        const { condition, id } = transition;
        await db.alertIncident.updateMany({
          where: { id, state: "firing" },
          data: { summary: condition.summary, evidence: condition.evidence as object },
        });
        break;
      }
      case "discard":
        await db.alertIncident.deleteMany({ where: { id: transition.id, state: "pending" } });
        break;
    }
  }
  return queued;
}

/** Incidents of clusters that no longer exist end: resolved if they fired, dropped if not. */
export async function closeOrphanIncidents(db: Database, clusterIds: string[], now: Date): Promise<void> {
  const where = { clusterId: { notIn: clusterIds } };
  await db.alertIncident.updateMany({
    where: { ...where, state: "firing" },
    data: { state: "resolved", resolvedAt: now },
  });
  await db.alertIncident.deleteMany({ where: { ...where, state: "pending" } });
}
