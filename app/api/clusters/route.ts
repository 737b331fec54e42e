import { db } from "@/lib/db/client";
import { listClusterSummaries } from "@/lib/store/clusters";
import { createCluster } from "@/lib/store/create-cluster";
import { apiBodyRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { jsonResponse } from "../_lib/http";
import { operations } from "../_lib/operations";
import { outcomeResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () => jsonResponse(await listClusterSummaries(db)));

/**
 * Creates a cluster from `{ definition, message? }`. 422 with field issues; nothing stored then. A new
 * cluster whose binds name certificate files (an imported pair) gets an adopt job: the agents read
 * those files from a node and hold them.
 */
export const POST = apiBodyRoute(operations.createCluster, async (_request, { user, body }) => {
  const { saved, adoptJob } = await createCluster(db, body.definition, {
    author: user.username,
    message: body.message,
  });
  return outcomeResponse(
    saved,
    (done) => ({ id: done.clusterId, revision: done.revision, warnings: done.warnings, adoptJob }),
    201,
  );
});
