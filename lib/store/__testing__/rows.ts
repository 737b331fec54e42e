/** Store tests: job rows written straight to the database, as the other process would leave them. */
import type { Prisma } from "@/generated/prisma/client";

/** A graceful rollout of revision 1 on `clusterId`, with the fields a test sets (status, plan, slot). */
export function rolloutRowData(
  clusterId: string,
  fields: Omit<Prisma.RolloutUncheckedCreateInput, "clusterId" | "revision" | "requestedBy">,
): Prisma.RolloutUncheckedCreateInput {
  return { clusterId, revision: 1, requestedBy: "t", mode: "graceful", ...fields };
}
