import { db } from "@/lib/db/client";
import { acmeJobView, getAcmeJob } from "@/lib/store/acme-jobs";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";
import { rowOfCluster } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** One ACME job with its steps. */
export const GET = withAuth<{ id: string; jobId: string }>(
  "read",
  async (_request, { params: { id, jobId } }) => {
    const job = await rowOfCluster(id, jobId, (number) => getAcmeJob(db, number));
    if (!job) return notFoundResponse("ACME job", "job");
    return jsonResponse({ job: acmeJobView(job) });
  },
);
