import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";
import { rowOfCluster } from "@/app/api/_lib/ids";

/** `GET …/JOBS/:jobId` for one kind of a cluster's jobs: `{ job }` to readers, 404 unless it is this cluster's. */
export function clusterJobRoute<T extends { clusterId: string }>(
  what: string,
  read: (id: number) => Promise<T | null>,
  view: (job: T) => unknown = (job) => job,
) {
  return withAuth<{ id: string; jobId: string }>("read", async (_request, { params: { id, jobId } }) => {
    const job = await rowOfCluster(id, jobId, read);
    if (!job) return notFoundResponse(what, "job");
    return jsonResponse({ job: view(job) });
  });
}
