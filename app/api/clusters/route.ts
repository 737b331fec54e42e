import { db } from "@/lib/db/client";
import { listClusterSummaries } from "@/lib/store/clusters";
import { requestCertificateAdoption } from "@/lib/store/certificates";
import { saveDefinition } from "@/lib/store/definitions";
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
  const saved = await saveDefinition(db, body.definition, {
    mode: "create",
    author: user.username,
    message: body.message,
  });
  const adoptJob = saved.ok ? await requestCertificateAdoption(db, saved.clusterId, user.username) : null;
  return outcomeResponse(
    saved,
    (done) => ({ id: done.clusterId, revision: done.revision, warnings: done.warnings, adoptJob }),
    201,
  );
});
