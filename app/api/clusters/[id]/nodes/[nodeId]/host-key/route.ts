import { db } from "@/lib/db/client";
import { acceptHostKey } from "@/lib/store/host-keys";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Accepts `{ fingerprint }`, the key the node presents now, as the node's pinned host key (admins: it decides whom hapair trusts). */
export const POST = apiBodyRoute(
  operations.acceptHostKey,
  async (_request, { user, params: { id, nodeId }, body }) =>
    outcomeResponse(await acceptHostKey(db, id, nodeId, body.fingerprint, user.username), (done) => ({
      accepted: done.fingerprint,
    })),
);
