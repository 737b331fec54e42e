import { db } from "@/lib/db/client";
import { listAcmeJobs, requestAcmeOrder } from "@/lib/store/acme-jobs";
import { getRevision } from "@/lib/store/definitions";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The definition's ACME certificates and the cluster's recent ACME jobs, newest first. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  jsonResponse({
    certificates: (await getRevision(db, id))?.definition.acme?.certificates ?? [],
    jobs: await listAcmeJobs(db, id),
  }),
);

/** `{ certificate }`: 202 with the queued job (the agents' ACME loop runs it). */
export const POST = apiBodyRoute(
  operations.orderAcmeCertificate,
  async (_request, { user, params: { id }, body }) =>
    outcomeResponse(await requestAcmeOrder(db, id, body, user.username), (done) => ({ job: done.job }), 202),
);
