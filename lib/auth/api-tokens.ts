/**
 * API tokens for scripts and CI: created by a user for themselves (an admin also for a service
 * account), a role no higher than the creator's, an expiry; shown once, stored as a digest (see
 * api-token-format.ts), listed with last use, revocable. At use a token acts with the lower of its
 * own role and its owner's current role, and a disabled owner's tokens stop working.
 */
import type { Database } from "@/lib/db/client";
import { auditWrite } from "@/lib/audit/audit";
import { newTokenText, parseTokenText, secretMatches } from "./api-token-format";
import { can, isRole, ROLES, type Role } from "./roles";
import type { NewApiToken } from "./schemas";
import type { SessionUser } from "./session";
import { refusal, type Refusal } from "@/lib/store/result";

// Like sessions: record last use at most once a minute, so a busy script does not write per request.
const TOUCH_EVERY_MS = 60_000;
// Bounded per owner, so a loop creating tokens cannot grow the table without end.
export const MAX_TOKENS_PER_OWNER = 50;
// A digest of the right length to compare against when the id is unknown, so both paths cost the same.
const NO_DIGEST = "0".repeat(64);

export interface ApiTokenSummary {
  id: string;
  name: string;
  owner: string;
  serviceAccount: boolean;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: "active" | "expired" | "revoked";
}

export type TokenOutcome = { ok: true; token: ApiTokenSummary; text?: string } | Refusal;

const lower = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);
const higher = (a: Role, b: Role): Role => (ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b);

type Row = {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { username: string; serviceAccount: boolean };
};

function summary(row: Row, now: Date): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    owner: row.user.username,
    serviceAccount: row.user.serviceAccount,
    role: isRole(row.role) ? row.role : "viewer",
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "active",
  };
}

const withOwner = { user: { select: { username: true, serviceAccount: true } } } as const;

/** The owner: the creator, or a service account (admins only; created on first use of its name). */
async function ownerFor(
  db: Database,
  input: NewApiToken,
  creator: SessionUser,
): Promise<{ ok: true; userId: string } | { ok: false; outcome: TokenOutcome }> {
  if (input.serviceAccount === undefined) return { ok: true, userId: creator.userId };
  if (!can(creator.role, "manage-users"))
    return {
      ok: false,
      outcome: refusal("forbidden", "serviceAccount", "only admins create service-account tokens"),
    };
  const existing = await db.user.findUnique({ where: { username: input.serviceAccount } });
  if (existing && !existing.serviceAccount)
    return {
      ok: false,
      outcome: refusal("conflict", "serviceAccount", "a person's account, not a service account"),
    };
  if (existing) {
    const role = isRole(existing.role) ? higher(existing.role, input.role) : input.role;
    if (role !== existing.role) await db.user.update({ where: { id: existing.id }, data: { role } });
    return { ok: true, userId: existing.id };
  }
  // No password: "!" is no scrypt hash, so sign-in never succeeds; tokens are its only way in.
  const created = await db.user.create({
    data: { username: input.serviceAccount, passwordHash: "!", role: input.role, serviceAccount: true },
  });
  return { ok: true, userId: created.id };
}

export async function createApiToken(
  db: Database,
  input: NewApiToken,
  creator: SessionUser,
  now = new Date(),
): Promise<TokenOutcome> {
  if (lower(input.role, creator.role) !== input.role)
    return refusal("invalid", "role", `at most your own role (${creator.role})`);
  const owner = await ownerFor(db, input, creator);
  if (!owner.ok) return owner.outcome;
  const live = await db.apiToken.count({
    where: { userId: owner.userId, revokedAt: null, expiresAt: { gt: now } },
  });
  if (live >= MAX_TOKENS_PER_OWNER)
    return refusal(
      "conflict",
      "(token)",
      `at most ${MAX_TOKENS_PER_OWNER} active tokens per owner: revoke one first`,
    );
  const { text, id, secretHash } = newTokenText();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const [row] = await db.$transaction([
    db.apiToken.create({
      data: {
        id,
        userId: owner.userId,
        name: input.name,
        role: input.role,
        secretHash,
        createdBy: creator.username,
        createdAt: now,
        expiresAt,
      },
      include: withOwner,
    }),
    auditWrite(db, {
      actor: creator.username,
      action: "token.create",
      target: `${input.serviceAccount ?? creator.username}/${input.name}`,
      after: { id, role: input.role, expiresAt: expiresAt.toISOString() },
    }),
  ]);
  return { ok: true, token: summary(row, now), text };
}

/** A user's own tokens; an admin sees everyone's (to revoke a leaver's or a service account's). */
export async function listApiTokens(db: Database, viewer: SessionUser, now = new Date()) {
  const rows = await db.apiToken.findMany({
    where: can(viewer.role, "manage-users") ? {} : { userId: viewer.userId },
    include: withOwner,
    orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }],
    take: 500,
  });
  return rows.map((row) => summary(row, now));
}

/** Revokes (idempotent): the owner or an admin. The row stays, listed as revoked. */
export async function revokeApiToken(
  db: Database,
  id: string,
  actor: SessionUser,
  now = new Date(),
): Promise<TokenOutcome> {
  const row = await db.apiToken.findUnique({ where: { id }, include: withOwner });
  if (!row || (row.userId !== actor.userId && !can(actor.role, "manage-users")))
    return refusal("not-found", "(token)", "no such token");
  // Only the revocation that flips the row writes the audit entry: parallel revokes make one.
  const updated = await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, revokedBy: actor.username },
    });
    if (count === 1)
      await auditWrite(tx, {
        actor: actor.username,
        action: "token.revoke",
        target: `${row.user.username}/${row.name}`,
        detail: { id },
      });
    return tx.apiToken.findUniqueOrThrow({ where: { id }, include: withOwner });
  });
  return { ok: true, token: summary(updated, now) };
}

export interface TokenUser extends SessionUser {
  token: { id: string; name: string };
}

/** The user a bearer token acts as, or null: unknown, wrong secret, revoked, expired, disabled owner. */
export async function resolveApiToken(
  db: Database,
  text: string,
  now = new Date(),
): Promise<TokenUser | null> {
  const parsed = parseTokenText(text);
  if (!parsed) return null;
  const row = await db.apiToken.findUnique({ where: { id: parsed.id }, include: { user: true } });
  const matches = secretMatches(parsed.secret, row?.secretHash ?? NO_DIGEST);
  if (!row || !matches || row.revokedAt || row.expiresAt <= now) return null;
  if (row.user.disabled || !isRole(row.role) || !isRole(row.user.role)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    // Only while not revoked: a use racing a revocation must never write over it.
    await db.apiToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastUsedAt: now } });
  }
  return {
    userId: row.userId,
    username: row.user.username,
    role: lower(row.role, row.user.role),
    sessionId: `token:${row.id}`,
    token: { id: row.id, name: row.name },
  };
}
