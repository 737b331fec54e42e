import { db } from "@/lib/db/client";
import { listCertificates, saveCertificateBundle } from "@/lib/store/certificates";
import { listCertificateJobs } from "@/lib/store/certificate-jobs";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The cluster's certificates (never the key) and its recent distribution jobs. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) => {
  const certificates = await listCertificates(db, id);
  if (!certificates) return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return jsonResponse({ certificates, jobs: await listCertificateJobs(db, id) });
});

/** `{ name, pem, path?, distribute? }`: 201 with the certificate and the distribution job's id. */
export const POST = apiBodyRoute(
  operations.addCertificate,
  async (_request, { user, params: { id }, body }) =>
    outcomeResponse(
      await saveCertificateBundle(db, id, { ...body, source: "upload" }, user.username),
      (done) => ({ certificate: done.certificate, jobId: done.jobId }),
      201,
    ),
);
