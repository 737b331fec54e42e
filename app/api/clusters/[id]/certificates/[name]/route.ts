import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { removeCertificate } from "@/lib/store/certificates";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Forgets the certificate; the nodes keep their file. Refused while a frontend names its path. */
export const DELETE = withAuth<{ id: string; name: string }>(
  "manage-credentials",
  async (_request, { user, params: { id, name } }) => {
    const outcome = await removeCertificate(db, id, name ?? "", user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json({ certificate: outcome.certificate }, { headers: NO_STORE });
  },
);
