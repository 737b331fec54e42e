import { db } from "@/lib/db/client";
import { requestCertificateDistribution } from "@/lib/store/certificates";
import { withAuth } from "@/app/api/_lib/auth";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Queues putting the stored certificate on both nodes again: 202 with the job's id. */
export const POST = withAuth<{ id: string; name: string }>(
  "manage-credentials",
  async (_request, { user, params: { id, name } }) =>
    outcomeResponse(
      await requestCertificateDistribution(db, id, name ?? "", user.username),
      (done) => ({ jobId: done.jobId }),
      202,
    ),
);
