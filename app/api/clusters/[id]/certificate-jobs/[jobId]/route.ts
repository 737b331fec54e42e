import { db } from "@/lib/db/client";
import { getCertificateJob } from "@/lib/store/certificates";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";
import { rowOfCluster } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** One distribution job with its steps per node. */
export const GET = withAuth<{ id: string; jobId: string }>(
  "read",
  async (_request, { params: { id, jobId } }) => {
    const job = await rowOfCluster(id, jobId, (number) => getCertificateJob(db, number));
    if (!job) return notFoundResponse("certificate job", "job");
    return jsonResponse({ job });
  },
);
