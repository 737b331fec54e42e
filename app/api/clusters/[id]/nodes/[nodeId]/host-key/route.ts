import { NextResponse } from "next/server";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { acceptHostKeySchema } from "@/lib/status/host-key";
import { acceptHostKey } from "@/lib/store/host-keys";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** Accepts `{ fingerprint }`, the key the node presents now, as the node's pinned host key (admins: it decides whom hapair trusts). */
export const POST = withAuth<{ id: string; nodeId: string }>(
  "manage-credentials",
  async (request, { user, params: { id, nodeId } }) => {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    const parsed = acceptHostKeySchema.safeParse(read.body);
    if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
    const outcome = await acceptHostKey(db, id, nodeId, parsed.data.fingerprint, user.username);
    if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
    return NextResponse.json({ accepted: outcome.fingerprint }, { headers: NO_STORE });
  },
);
