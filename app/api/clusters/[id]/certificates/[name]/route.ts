import { db } from "@/lib/db/client";
import { removeCertificate } from "@/lib/store/certificates";
import { withAuth } from "@/app/api/_lib/auth";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Forgets the certificate; the nodes keep their file. Refused while a frontend names its path. */
export const DELETE = withAuth<{ id: string; name: string }>(
  "manage-credentials",
  async (_request, { user, params: { id, name } }) =>
    outcomeResponse(await removeCertificate(db, id, name ?? "", user.username), (done) => ({
      certificate: done.certificate,
    })),
);
