/**
 * Notification channels in the database. Secret fields are sealed apart from the settings (as in
 * definitions): everything but the agents and "send test" sees KEPT_SECRET; saving the marker keeps
 * the stored value. Every change is audited, with secrets redacted.
 */
import { auditWrite } from "@/lib/audit/audit";
import type { FieldIssue } from "@/lib/cluster/definition";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import type { Database } from "@/lib/db/client";
import type { NotificationChannel } from "@/generated/prisma/client";
import { channelTargetIssues } from "@/lib/notify/outbound";
import { channelInputSchema, SECRET_FIELDS, type ChannelInput } from "@/lib/notify/schemas";
import { open, seal } from "@/lib/secrets/envelope";
import { loadKeyring, type Keyring } from "@/lib/secrets/keyring";
import { storedSecrets, type SealedSecrets } from "@/lib/secrets/definition-secrets";
import { refusal, type Refusal } from "./result";

export type ChannelView = ChannelInput & { id: number; createdAt: string; updatedAt: string };
export type ChannelOutcome = { ok: true; channel: ChannelView } | Refusal;

type Fields = Record<string, unknown>;
const secretFieldsOf = (kind: ChannelInput["kind"]): readonly string[] => SECRET_FIELDS[kind];

/** The stored channel as the browser may see it: secrets as the marker. */
export function channelView(row: NotificationChannel): ChannelView {
  const secrets = storedSecrets(row.secrets);
  const fields: Fields = { ...(row.config as Fields), kind: row.kind, name: row.name, enabled: row.enabled };
  for (const field of secretFieldsOf(row.kind as ChannelInput["kind"]))
    if (secrets[field]) fields[field] = KEPT_SECRET;
  return {
    ...channelInputSchema.parse(fields),
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** For sending only (agents, "send test"): the channel with its secrets in clear. */
export function revealChannel(row: NotificationChannel, keyring: Keyring = loadKeyring()): ChannelInput {
  const secrets = storedSecrets(row.secrets);
  const fields: Fields = { ...(row.config as Fields), kind: row.kind, name: row.name, enabled: row.enabled };
  for (const field of secretFieldsOf(row.kind as ChannelInput["kind"])) {
    const sealed = secrets[field];
    if (sealed) fields[field] = open(sealed, keyring.all);
  }
  return channelInputSchema.parse(fields);
}

/** Splits input into settings and sealed secrets; the marker keeps the previous value. */
function sealChannel(
  input: ChannelInput,
  previous: SealedSecrets,
  keyring: Keyring,
): { ok: true; config: Fields; secrets: SealedSecrets } | { ok: false; issues: FieldIssue[] } {
  // Settings are what is left once the identity and the secrets are taken out.
  const config: Fields = { ...input };
  for (const field of ["kind", "name", "enabled"]) delete config[field];
  const secrets: SealedSecrets = {};
  const issues: FieldIssue[] = [];
  for (const field of secretFieldsOf(input.kind)) {
    const value = config[field];
    delete config[field];
    if (typeof value !== "string") continue;
    if (value !== KEPT_SECRET) secrets[field] = seal(value, keyring.current);
    else if (previous[field]) secrets[field] = previous[field];
    else issues.push({ path: field, message: "no saved value to keep: enter it" });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config, secrets };
}

export async function listChannels(db: Database): Promise<ChannelView[]> {
  return (await db.notificationChannel.findMany({ orderBy: { name: "asc" } })).map(channelView);
}

export async function saveChannel(
  db: Database,
  input: ChannelInput,
  actor: string,
  id?: number,
): Promise<ChannelOutcome> {
  const existing = id === undefined ? null : await db.notificationChannel.findUnique({ where: { id } });
  if (id !== undefined && !existing) return refusal("not-found", "(channel)", "no such channel");
  if (existing && existing.kind !== input.kind)
    return refusal("invalid", "kind", "a channel's kind cannot change: add a new channel");
  const clash = await db.notificationChannel.findUnique({ where: { name: input.name } });
  if (clash && clash.id !== id)
    return refusal("conflict", "name", `a channel named "${input.name}" already exists`);
  const refused = await channelTargetIssues(input);
  if (refused.length > 0) return { ok: false, code: "invalid", issues: refused };
  const sealed = sealChannel(
    input,
    existing && existing.kind === input.kind ? storedSecrets(existing.secrets) : {},
    loadKeyring(),
  );
  if (!sealed.ok) return { ok: false, code: "invalid", issues: sealed.issues };
  const data = {
    name: input.name,
    kind: input.kind,
    enabled: input.enabled,
    config: sealed.config as object,
    secrets: sealed.secrets,
  };
  const [row] = await db.$transaction([
    existing
      ? db.notificationChannel.update({ where: { id: existing.id }, data })
      : db.notificationChannel.create({ data }),
    auditWrite(db, {
      actor,
      action: existing ? "notification-channel.update" : "notification-channel.create",
      target: input.name,
      before: existing ? channelView(existing) : undefined,
      after: {
        ...sealed.config,
        kind: input.kind,
        name: input.name,
        enabled: input.enabled,
        secrets: Object.keys(sealed.secrets),
      },
    }),
  ]);
  return { ok: true, channel: channelView(row) };
}

export async function deleteChannel(db: Database, id: number, actor: string): Promise<ChannelOutcome> {
  const existing = await db.notificationChannel.findUnique({ where: { id } });
  if (!existing) return refusal("not-found", "(channel)", "no such channel");
  await db.$transaction([
    db.notificationChannel.delete({ where: { id } }),
    auditWrite(db, {
      actor,
      action: "notification-channel.delete",
      target: existing.name,
      before: channelView(existing),
    }),
  ]);
  return { ok: true, channel: channelView(existing) };
}

export interface DeliveryView {
  id: number;
  channelId: number;
  channel: string;
  incidentId: number | null;
  event: string;
  attempt: number;
  status: string;
  response: string | null;
  error: string | null;
  at: string;
  durationMs: number;
}

export async function listDeliveries(db: Database, limit = 100, channelId?: number): Promise<DeliveryView[]> {
  const rows = await db.alertDelivery.findMany({
    where: channelId === undefined ? {} : { channelId },
    orderBy: { id: "desc" },
    take: limit,
    include: { channel: { select: { name: true } } },
  });
  return rows.map(({ channel, at, ...row }) => ({ ...row, channel: channel.name, at: at.toISOString() }));
}
