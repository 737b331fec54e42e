import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { getRollout } from "@/lib/store/rollouts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** One rollout with its plan and its steps (status, timestamps, log, full validator output). */
export const GET = withAuth<{ id: string; rolloutId: string }>(
  "read",
  async (_request, { params: { id, rolloutId } }) => {
    const number = numericId(rolloutId);
    const rollout = number === null ? null : await getRollout(db, number);
    if (!rollout || rollout.clusterId !== id)
      return issuesResponse(404, [{ path: "(rollout)", message: "no such rollout" }]);
    return NextResponse.json({ rollout: rolloutForViewers(rollout) }, { headers: NO_STORE });
  },
);
