/** Store tests: a database client that counts its Prisma operations ("no query per cluster", "read once"). */
import type { Database } from "@/lib/db/client";

/** Counts every operation (one per findMany/groupBy/…, whatever it includes), or only `model`'s `operation`. */
export function counting(
  client: Database,
  only?: { model: string; operation: string },
): { db: Database; operations: () => number } {
  let operations = 0;
  const extended = client.$extends({
    query: {
      $allOperations: ({ model, operation, args, query }) => {
        if (!only || (only.model === model && only.operation === operation)) operations += 1;
        return query(args);
      },
    },
  });
  return { db: extended as unknown as Database, operations: () => operations };
}
