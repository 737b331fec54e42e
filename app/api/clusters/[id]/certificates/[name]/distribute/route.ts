import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { requestCertificateDistribution } from "@/lib/store/certificates";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Queues putting the stored certificate on both nodes again: 202 with the job's id. */
export const POST = withAuth<{ id: string; name: string }>(
  "manage-credentials",
  async (_request, { user, params: { id, name } }) => {
    const outcome = await requestCertificateDistribution(db, id, name ?? "", user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json({ jobId: outcome.jobId }, { status: 202, headers: NO_STORE });
  },
);
