/** Users in the database: created, changed and removed with an audit entry each; never two-admin-less. */
import type { Database } from "@/lib/db/client";
import { serializeTransaction } from "@/lib/db/dialect";
import { auditWrite } from "@/lib/audit/audit";
import { dbRefusal } from "@/lib/store/db-errors";
import { refusal, type Refusal } from "@/lib/store/result";
import { hashPassword } from "./password";
import type { Role } from "./roles";
import type { NewUser, UserChange } from "./schemas";

export interface UserSummary {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export type UserOutcome = { ok: true; user: UserSummary } | Refusal;

const summary = (row: {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}): UserSummary => ({
  id: row.id,
  username: row.username,
  role: row.role as Role,
  disabled: row.disabled,
  createdAt: row.createdAt.toISOString(),
});

export async function countUsers(db: Database): Promise<number> {
  return db.user.count();
}

export async function listUsers(db: Database): Promise<UserSummary[]> {
  return (await db.user.findMany({ orderBy: { username: "asc" } })).map(summary);
}

export async function createUser(db: Database, input: NewUser, actor: string): Promise<UserOutcome> {
  if (await db.user.findUnique({ where: { username: input.username } }))
    return refusal("conflict", "username", "already taken");
  const passwordHash = await hashPassword(input.password);
  const [row] = await db.$transaction([
    db.user.create({ data: { username: input.username, passwordHash, role: input.role } }),
    auditWrite(db, { actor, action: "user.create", target: input.username, after: { role: input.role } }),
  ]);
  return { ok: true, user: summary(row) };
}

const ALREADY_SET_UP: UserOutcome = refusal(
  "forbidden-by-state",
  "(setup)",
  "hapair already has users: sign in",
);

/**
 * Creates the first admin, only while no user exists (first-run screen and CLI). The transaction is
 * serialized (SQLite: the insert comes first, so it holds the write lock while it counts; PostgreSQL:
 * an advisory lock first): of parallel setups (in this process or another) exactly one sees itself
 * alone; the others roll back.
 */
export async function createFirstAdmin(
  db: Database,
  input: { username: string; password: string },
  actor: string,
): Promise<UserOutcome> {
  if ((await countUsers(db)) > 0) return ALREADY_SET_UP;
  const passwordHash = await hashPassword(input.password);
  const taken = new Error("first admin already created");
  try {
    const row = await db.$transaction(async (tx) => {
      await serializeTransaction(tx, "hapair:first-admin");
      const created = await tx.user.create({
        data: { username: input.username, passwordHash, role: "admin" },
      });
      if ((await tx.user.count()) > 1) throw taken;
      await auditWrite(tx, {
        actor,
        action: "user.create",
        target: input.username,
        after: { role: "admin" },
      });
      return created;
    });
    return { ok: true, user: summary(row) };
  } catch (error) {
    // Two setups with the same name: the unique username refused the second insert.
    if (error === taken || dbRefusal(error) === "unique") return ALREADY_SET_UP;
    throw error;
  }
}

async function wouldLeaveNoAdmin(db: Database, userId: string): Promise<boolean> {
  const others = await db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  return others === 0;
}

export async function changeUser(
  db: Database,
  userId: string,
  change: UserChange,
  actor: string,
): Promise<UserOutcome> {
  const row = await db.user.findUnique({ where: { id: userId } });
  if (!row) return refusal("not-found", "(user)", "no such user");
  const demoted = (change.role !== undefined && change.role !== "admin") || change.disabled === true;
  if (row.role === "admin" && demoted && (await wouldLeaveNoAdmin(db, userId))) {
    return refusal(
      "forbidden-by-state",
      change.role !== undefined ? "role" : "disabled",
      "this is the last active admin",
    );
  }
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  const [updated] = await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { role: change.role, disabled: change.disabled, passwordHash },
    }),
    // A new password or a disabled account ends the user's sessions.
    ...(passwordHash || change.disabled ? [db.session.deleteMany({ where: { userId } })] : []),
    auditWrite(db, {
      actor,
      action: "user.update",
      target: row.username,
      before: { role: row.role, disabled: row.disabled },
      after: { role: change.role ?? row.role, disabled: change.disabled ?? row.disabled },
      detail: { passwordChanged: passwordHash !== undefined },
    }),
  ]);
  return { ok: true, user: summary(updated) };
}

export async function deleteUser(
  db: Database,
  userId: string,
  actor: { userId: string; name: string },
): Promise<UserOutcome> {
  const row = await db.user.findUnique({ where: { id: userId } });
  if (!row) return refusal("not-found", "(user)", "no such user");
  if (row.id === actor.userId) return refusal("forbidden-by-state", "(user)", "you cannot delete yourself");
  if (row.role === "admin" && (await wouldLeaveNoAdmin(db, userId)))
    return refusal("forbidden-by-state", "(user)", "this is the last active admin");
  await db.$transaction([
    db.user.delete({ where: { id: userId } }),
    auditWrite(db, {
      actor: actor.name,
      action: "user.delete",
      target: row.username,
      before: { role: row.role },
    }),
  ]);
  return { ok: true, user: summary(row) };
}
