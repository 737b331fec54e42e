import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { acceptHostKey } from "@/lib/store/host-keys";
import { apiRoute } from "@/app/api/_lib/api-route";
import { NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Accepts `{ fingerprint }`, the key the node presents now, as the node's pinned host key (admins: it decides whom hapair trusts). */
export const POST = apiRoute(
  operations.acceptHostKey,
  async (_request, { user, params: { id, nodeId }, readBody }) => {
    const read = await readBody();
    if (!read.ok) return read.response;
    const outcome = await acceptHostKey(db, id, nodeId, read.body.fingerprint, user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json({ accepted: outcome.fingerprint }, { headers: NO_STORE });
  },
);
