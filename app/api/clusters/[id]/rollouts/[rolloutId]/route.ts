import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { getRollout } from "@/lib/store/rollouts";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";
import { rowOfCluster } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** One rollout with its plan and its steps (status, timestamps, log, full validator output). */
export const GET = withAuth<{ id: string; rolloutId: string }>(
  "read",
  async (_request, { params: { id, rolloutId } }) => {
    const rollout = await rowOfCluster(id, rolloutId, (number) => getRollout(db, number));
    if (!rollout) return notFoundResponse("rollout");
    return jsonResponse({ rollout: rolloutForViewers(rollout) });
  },
);
