/**
 * Counts the statements that write (INSERT, UPDATE, DELETE) and the transactions committed on a
 * Prisma client, at its driver adapter, whichever provider: the scale benchmark's "database writes
 * per second". A Proxy on the adapter factory, its connection and each transaction.
 */
import type { AdapterWrap } from "@/lib/db/client";

export interface WriteCounts {
  statements: number;
  transactions: number;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

export function countingWrites(): { wrap: AdapterWrap; counts: WriteCounts } {
  const counts: WriteCounts = { statements: 0, transactions: 0 };
  const countQuery = (args: unknown[]) => {
    const query = args[0] as { sql?: unknown } | undefined;
    if (typeof query?.sql === "string" && WRITE.test(query.sql)) counts.statements += 1;
  };
  /** Calls of `methods` on `target` go through `around`, which may wrap what they resolve to. */
  const intercept = <T extends object>(
    target: T,
    around: Record<string, (args: unknown[], result: unknown) => unknown>,
  ): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        const hook = typeof property === "string" ? around[property] : undefined;
        if (!hook || typeof value !== "function") return value;
        return (...args: unknown[]) => hook(args, Reflect.apply(value, object, args));
      },
    });
  const queryable = {
    queryRaw: (args: unknown[], result: unknown) => (countQuery(args), result),
    executeRaw: (args: unknown[], result: unknown) => (countQuery(args), result),
  };
  const transaction = (tx: object) =>
    intercept(tx, {
      ...queryable,
      commit: (_args, result) => Promise.resolve(result).then((r) => ((counts.transactions += 1), r)),
    });
  const adapter = (connection: object) =>
    intercept(connection, {
      ...queryable,
      startTransaction: (_args, result) => Promise.resolve(result as object).then(transaction),
    });
  const wrap: AdapterWrap = (factory) =>
    intercept(factory, { connect: (_args, result) => Promise.resolve(result as object).then(adapter) });
  return { wrap, counts };
}
