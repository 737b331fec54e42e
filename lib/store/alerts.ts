/** Alerts as people see and handle them: the list, the banner, acknowledgements and silences (audited). */
import { auditWrite } from "@/lib/audit/audit";
import type { Database } from "@/lib/db/client";
import type { AlertIncident, AlertSilence } from "@/generated/prisma/client";
import type { SilenceInput } from "@/lib/notify/schemas";
import { refusal, type Refusal } from "./result";

export interface IncidentView {
  id: number;
  clusterId: string;
  cluster: string;
  rule: string;
  key: string;
  severity: string;
  state: string;
  summary: string;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  evidence: unknown;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackNote: string | null;
  silenced: boolean;
}

export interface SilenceView {
  id: number;
  clusterId: string | null;
  cluster: string | null;
  rule: string | null;
  until: string;
  createdBy: string;
  reason: string;
  createdAt: string;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function silenceMatches(
  silence: Pick<AlertSilence, "clusterId" | "rule" | "until">,
  incident: { clusterId: string; rule: string },
  now: Date,
): boolean {
  return (
    silence.until > now &&
    (silence.clusterId === null || silence.clusterId === incident.clusterId) &&
    (silence.rule === null || silence.rule === incident.rule)
  );
}

export async function activeSilences(db: Database, now = new Date()): Promise<AlertSilence[]> {
  return db.alertSilence.findMany({ where: { until: { gt: now } }, orderBy: { until: "asc" } });
}

async function clusterNames(db: Database): Promise<Map<string, string>> {
  return new Map(
    (await db.cluster.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]),
  );
}

function incidentView(
  row: AlertIncident,
  names: Map<string, string>,
  silences: AlertSilence[],
  now: Date,
): IncidentView {
  return {
    id: row.id,
    clusterId: row.clusterId,
    cluster: names.get(row.clusterId) ?? "(deleted cluster)",
    rule: row.rule,
    key: row.key,
    severity: row.severity,
    state: row.state,
    summary: row.summary,
    since: row.since.toISOString(),
    firedAt: iso(row.firedAt),
    resolvedAt: iso(row.resolvedAt),
    evidence: row.evidence,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: iso(row.acknowledgedAt),
    ackNote: row.ackNote,
    silenced: silences.some((s) => silenceMatches(s, row, now)),
  };
}

/** Firing incidents first (critical before warning, newest first), then pending ones. */
export async function listActiveIncidents(db: Database, now = new Date()): Promise<IncidentView[]> {
  const [rows, names, silences] = await Promise.all([
    db.alertIncident.findMany({
      where: { state: { in: ["firing", "pending"] } },
      orderBy: { since: "desc" },
    }),
    clusterNames(db),
    activeSilences(db, now),
  ]);
  const rank = (row: AlertIncident) =>
    (row.state === "firing" ? 0 : 2) + (row.severity === "critical" ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b)).map((row) => incidentView(row, names, silences, now));
}

export async function listIncidentHistory(
  db: Database,
  limit = 100,
  now = new Date(),
): Promise<IncidentView[]> {
  const [rows, names] = await Promise.all([
    db.alertIncident.findMany({ where: { state: "resolved" }, orderBy: { resolvedAt: "desc" }, take: limit }),
    clusterNames(db),
  ]);
  return rows.map((row) => incidentView(row, names, [], now));
}

/** Firing split-brains: the banner on every page. */
export async function activeSplitBrains(
  db: Database,
): Promise<{ id: number; clusterId: string; cluster: string; since: string; summary: string }[]> {
  const [rows, names] = await Promise.all([
    db.alertIncident.findMany({ where: { state: "firing", rule: "split-brain" }, orderBy: { since: "asc" } }),
    clusterNames(db),
  ]);
  return rows.map((row) => ({
    id: row.id,
    clusterId: row.clusterId,
    cluster: names.get(row.clusterId) ?? "(deleted cluster)",
    since: row.since.toISOString(),
    summary: row.summary,
  }));
}

export type AlertOutcome<T> = { ok: true; value: T } | Refusal;

export async function acknowledgeIncident(
  db: Database,
  id: number,
  note: string,
  actor: string,
  now = new Date(),
): Promise<AlertOutcome<IncidentView>> {
  const row = await db.alertIncident.findUnique({ where: { id } });
  if (!row) return refusal("not-found", "(alert)", "no such alert");
  if (row.state === "pending")
    return refusal("forbidden-by-state", "(alert)", "this alert has not fired yet");
  const [updated] = await db.$transaction([
    db.alertIncident.update({
      where: { id },
      data: { acknowledgedBy: actor, acknowledgedAt: now, ackNote: note },
    }),
    auditWrite(db, {
      actor,
      action: "alert.acknowledge",
      target: `${row.rule} ${row.key}`,
      clusterId: row.clusterId,
      detail: { incident: id, note },
    }),
  ]);
  return {
    ok: true,
    value: incidentView(updated, await clusterNames(db), await activeSilences(db, now), now),
  };
}

export async function listSilences(db: Database, now = new Date()): Promise<SilenceView[]> {
  const [rows, names] = await Promise.all([activeSilences(db, now), clusterNames(db)]);
  return rows.map((row) => ({
    ...row,
    cluster: row.clusterId ? (names.get(row.clusterId) ?? "(deleted cluster)") : null,
    until: row.until.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function createSilence(
  db: Database,
  input: SilenceInput,
  actor: string,
  now = new Date(),
): Promise<AlertOutcome<SilenceView>> {
  const names = await clusterNames(db);
  if (input.clusterId !== null && !names.has(input.clusterId))
    return refusal("invalid", "clusterId", "no such cluster");
  const until = new Date(now.getTime() + input.minutes * 60_000);
  const [row] = await db.$transaction([
    db.alertSilence.create({
      data: { clusterId: input.clusterId, rule: input.rule, until, createdBy: actor, reason: input.reason },
    }),
    auditWrite(db, {
      actor,
      action: "alert.silence",
      target: `${input.clusterId ? names.get(input.clusterId) : "all clusters"} / ${input.rule ?? "all rules"}`,
      clusterId: input.clusterId,
      after: { until: until.toISOString(), reason: input.reason },
    }),
  ]);
  return {
    ok: true,
    value: {
      ...row,
      cluster: row.clusterId ? (names.get(row.clusterId) ?? null) : null,
      until: row.until.toISOString(),
      createdAt: row.createdAt.toISOString(),
    },
  };
}

export async function endSilence(
  db: Database,
  id: number,
  actor: string,
  now = new Date(),
): Promise<AlertOutcome<{ id: number }>> {
  const row = await db.alertSilence.findUnique({ where: { id } });
  if (!row) return refusal("not-found", "(silence)", "no such silence");
  await db.$transaction([
    db.alertSilence.update({ where: { id }, data: { until: now } }),
    auditWrite(db, {
      actor,
      action: "alert.unsilence",
      target: `${row.clusterId ?? "all clusters"} / ${row.rule ?? "all rules"}`,
      clusterId: row.clusterId,
      before: { until: row.until.toISOString(), reason: row.reason },
    }),
  ]);
  return { ok: true, value: { id } };
}
