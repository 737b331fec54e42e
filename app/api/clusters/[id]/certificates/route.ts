import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listCertificateJobs, listCertificates, saveCertificateBundle } from "@/lib/store/certificates";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The cluster's certificates (never the key) and its recent distribution jobs. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) => {
  const certificates = await listCertificates(db, id);
  if (!certificates) return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return NextResponse.json({ certificates, jobs: await listCertificateJobs(db, id) }, { headers: NO_STORE });
});

/** `{ name, pem, path?, distribute? }`: 201 with the certificate and the distribution job's id. */
export const POST = apiRoute(
  operations.addCertificate,
  async (_request, { user, params: { id }, readBody }) => {
    const read = await readBody();
    if (!read.ok) return read.response;
    const outcome = await saveCertificateBundle(db, id, { ...read.body, source: "upload" }, user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json(
      { certificate: outcome.certificate, jobId: outcome.jobId },
      { status: 201, headers: NO_STORE },
    );
  },
);
