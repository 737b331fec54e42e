import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { startRollout } from "@/lib/store/rollouts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/**
 * `{ mode: graceful|verify-on-backup, force?, reason?, confirmDrift? }`: starts a planned rollout
 * (audited); the agents run it. Refused (409) while the cluster is unhealthy unless forced with a reason.
 */
export const POST = withAuth<{ id: string; rolloutId: string }>(
  "rollout",
  async (request, { user, params: { id, rolloutId } }) => {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    const number = numericId(rolloutId);
    if (number === null) return issuesResponse(404, [{ path: "(rollout)", message: "no such rollout" }]);
    const outcome = await startRollout(db, id, number, read.body, user.username);
    if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
    return NextResponse.json(
      { rollout: rolloutForViewers(outcome.rollout) },
      { status: 202, headers: NO_STORE },
    );
  },
);
