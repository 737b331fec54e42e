/**
 * The notification outbox as the notifier works it: due rows, the message each carries, and every
 * attempt recorded. Retries back off (lib/notify/message.ts); silences are honoured at send time.
 */
import type { Database } from "@/lib/db/client";
import type { AlertIncident, NotificationChannel } from "@/generated/prisma/client";
import { PAGE_FIRST_RULES } from "@/lib/alerts/types";
import { DRILL_MARK_GRACE_MS, drillCovering } from "@/lib/drill/notify-mark";
import {
  MAX_ATTEMPTS,
  retryDelayMs,
  type AlertMessage,
  type DrillMark,
  type NotificationEvent,
} from "@/lib/notify/message";
import type { SendResult } from "@/lib/notify/send";
import { activeSilences, silenceMatches } from "./alerts";

/** Where links in notifications point (HAPAIR_PUBLIC_URL, else the default local address). */
export function publicUrl(): string {
  return (process.env.HAPAIR_PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`).replace(
    /\/+$/,
    "",
  );
}

export function incidentMessage(
  incident: AlertIncident,
  clusterName: string,
  event: NotificationEvent,
  drill: DrillMark | null = null,
): AlertMessage {
  return {
    event,
    incidentId: incident.id,
    cluster: { id: incident.clusterId, name: clusterName },
    rule: incident.rule,
    key: incident.key,
    severity: incident.severity,
    summary: incident.summary,
    since: incident.since.toISOString(),
    firedAt: incident.firedAt?.toISOString() ?? null,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    evidence: incident.evidence,
    url: `${publicUrl()}/clusters/${encodeURIComponent(incident.clusterId)}`,
    drill,
  };
}

export function testMessage(channelName: string): AlertMessage {
  const now = new Date().toISOString();
  return {
    event: "test",
    incidentId: null,
    cluster: { id: "test", name: "(test)" },
    rule: "test",
    key: "test",
    severity: "warning",
    summary: `test notification for channel ${channelName}`,
    since: now,
    firedAt: null,
    resolvedAt: null,
    evidence: {},
    url: `${publicUrl()}/alerts`,
    drill: null,
  };
}

export interface DueNotification {
  id: number;
  event: "fire" | "resolve";
  attempts: number;
  incident: AlertIncident;
  channel: NotificationChannel;
  clusterName: string;
  /** The drill the incident began during, if any (the page says so). */
  drill: DrillMark | null;
}

/** "first": page-first rules only (split-brain, no VIP holder); "rest": everything else; "all": both. */
export type OutboxLane = "first" | "rest" | "all";

const laneFilter = (lane: OutboxLane) =>
  lane === "first"
    ? { incident: { rule: { in: [...PAGE_FIRST_RULES] } } }
    : lane === "rest"
      ? { incident: { rule: { notIn: [...PAGE_FIRST_RULES] } } }
      : {};

/** Due rows oldest first, within a lane, so a flood of other pages never queues ahead of a split-brain. */
export async function dueNotifications(
  db: Database,
  now: Date,
  exclude: ReadonlySet<number>,
  limit = 20,
  lane: OutboxLane = "all",
): Promise<DueNotification[]> {
  const rows = await db.alertNotification.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: now },
      claimedBy: null,
      id: { notIn: [...exclude] },
      ...laneFilter(lane),
    },
    orderBy: { id: "asc" },
    take: limit,
    include: { incident: true, channel: true },
  });
  if (rows.length === 0) return [];
  const names = new Map(
    (
      await db.cluster.findMany({
        where: { id: { in: rows.map((r) => r.incident.clusterId) } },
        select: { id: true, name: true },
      })
    ).map((c) => [c.id, c.name]),
  );
  const sinces = rows.map((r) => r.incident.since.getTime());
  const drills = await db.drill.findMany({
    where: {
      clusterId: { in: rows.map((r) => r.incident.clusterId) },
      startedAt: { lte: new Date(Math.max(...sinces)) },
      OR: [
        { finishedAt: null },
        { finishedAt: { gte: new Date(Math.min(...sinces) - DRILL_MARK_GRACE_MS) } },
      ],
    },
    select: { id: true, clusterId: true, mode: true, startedAt: true, finishedAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    event: row.event as DueNotification["event"],
    attempts: row.attempts,
    incident: row.incident,
    channel: row.channel,
    clusterName: names.get(row.incident.clusterId) ?? "(deleted cluster)",
    drill: drillCovering(drills, row.incident.clusterId, row.incident.since),
  }));
}

export type Verdict = { send: true } | { send: false; status: "silenced" | "failed" | "skipped" | "wait" };

/**
 * Whether to send now: silenced incidents and disabled channels are not paged; "resolved" waits for
 * its "firing" and goes only where that was delivered (a resolve for a page that never arrived is
 * noise, and reads as if the page had been seen): otherwise it is settled "skipped", never sent.
 */
export async function verdictFor(db: Database, due: DueNotification, now: Date): Promise<Verdict> {
  if (!due.channel.enabled) return { send: false, status: "failed" };
  if (due.event === "resolve") {
    const fire = await db.alertNotification.findUnique({
      where: {
        incidentId_channelId_event: { incidentId: due.incident.id, channelId: due.channel.id, event: "fire" },
      },
    });
    if (fire?.status === "pending") return { send: false, status: "wait" };
    if (fire?.status === "silenced") return { send: false, status: "silenced" };
    if (fire?.status !== "sent") return { send: false, status: "skipped" };
  }
  const silenced = (await activeSilences(db, now)).some((s) => silenceMatches(s, due.incident, now));
  return silenced ? { send: false, status: "silenced" } : { send: true };
}

export async function settleWithoutSending(
  db: Database,
  id: number,
  status: "silenced" | "failed" | "skipped",
  now: Date,
): Promise<void> {
  await db.alertNotification.update({ where: { id }, data: { status, doneAt: now, claimedBy: null } });
}

/**
 * Makes a due row this process's to send (one conditional update: of several agents processes, one
 * wins, so each notification is sent once); false when another process claimed it first.
 */
export async function claimNotification(db: Database, id: number, self: string): Promise<boolean> {
  const { count } = await db.alertNotification.updateMany({
    where: { id, status: "pending", claimedBy: null },
    data: { claimedBy: self },
  });
  return count === 1;
}

/** Lets go of a claim that did not end in an attempt (a resolve waiting for its fire, an error). */
export async function releaseNotification(db: Database, id: number, self: string): Promise<void> {
  await db.alertNotification.updateMany({ where: { id, claimedBy: self }, data: { claimedBy: null } });
}

/**
 * Rows claimed by a process that died mid-send go back to the queue (sent again: a page that may
 * have gone twice is better than one that may never have gone); how many.
 */
export async function releaseDeadClaims(db: Database, isDead: (owner: string) => boolean): Promise<number> {
  const claimed = await db.alertNotification.findMany({
    where: { status: "pending", claimedBy: { not: null } },
    select: { claimedBy: true },
    distinct: ["claimedBy"],
  });
  let released = 0;
  for (const { claimedBy } of claimed) {
    if (claimedBy === null || !isDead(claimedBy)) continue;
    const { count } = await db.alertNotification.updateMany({
      where: { status: "pending", claimedBy },
      data: { claimedBy: null },
    });
    released += count;
  }
  return released;
}

/** Records one attempt and moves the row on: sent, retried later, or given up. */
export async function recordAttempt(
  db: Database,
  due: DueNotification,
  result: SendResult,
  now: Date,
): Promise<void> {
  const attempt = due.attempts + 1;
  const next = result.ok
    ? { status: "sent", doneAt: now }
    : attempt >= MAX_ATTEMPTS
      ? { status: "failed", doneAt: now }
      : { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt)) };
  await db.$transaction([
    db.alertDelivery.create({
      data: {
        channelId: due.channel.id,
        incidentId: due.incident.id,
        event: due.event,
        attempt,
        status: result.ok ? "ok" : "failed",
        response: result.response,
        error: result.error,
        at: now,
        durationMs: result.durationMs,
      },
    }),
    db.alertNotification.update({
      where: { id: due.id },
      data: { attempts: attempt, ...next, claimedBy: null },
    }),
  ]);
}

export async function recordTestDelivery(db: Database, channelId: number, result: SendResult): Promise<void> {
  await db.alertDelivery.create({
    data: {
      channelId,
      incidentId: null,
      event: "test",
      attempt: 1,
      status: result.ok ? "ok" : "failed",
      response: result.response,
      error: result.error,
      durationMs: result.durationMs,
    },
  });
}
