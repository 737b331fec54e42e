/**
 * Prisma errors read by their code, not their message: a unique constraint (P2002), a record an
 * update or delete did not find (P2025), and a slot trigger's refusal (one drill or rollout per
 * cluster): on SQLite the drills migration's RAISE, which the driver adapter reports as a
 * foreign-key violation (P2003) with SQLite's own code underneath; on PostgreSQL the baseline's
 * trigger function, which raises its own SQLSTATE.
 */
import { Prisma } from "@/generated/prisma/client";

export type DbRefusal = "unique" | "not-found" | "trigger";

/** The SQLSTATE of prisma/postgres/migrations' hapair_active_key_free (class HP: hapair's own). */
const POSTGRES_SLOT_TRIGGER = "HPA01";

function driverCode(meta: unknown): unknown {
  if (typeof meta !== "object" || meta === null) return undefined;
  const adapter = (meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } })
    .driverAdapterError;
  return adapter?.cause?.originalCode;
}

function isSlotTrigger(error: Prisma.PrismaClientKnownRequestError): boolean {
  const code = driverCode(error.meta);
  return (error.code === "P2003" && code === "SQLITE_CONSTRAINT_TRIGGER") || code === POSTGRES_SLOT_TRIGGER;
}

/** What kind of refusal the database gave, or null for anything else (which the caller rethrows). */
export function dbRefusal(error: unknown): DbRefusal | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  if (error.code === "P2002") return "unique";
  if (error.code === "P2025") return "not-found";
  if (isSlotTrigger(error)) return "trigger";
  return null;
}

/** A row pointed at a parent that is gone (a node or cluster deleted while its poll was in flight). */
export function isForeignKeyViolation(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003" && !isSlotTrigger(error)
  );
}
