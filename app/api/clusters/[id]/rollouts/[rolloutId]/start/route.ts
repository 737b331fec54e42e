import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { startRollout } from "@/lib/store/rollouts";
import { apiRoute } from "@/app/api/_lib/api-route";
import { notFoundResponse, readJsonBody } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/**
 * `{ mode: graceful|verify-on-backup, force?, reason?, confirmDrift? }`: starts a planned rollout
 * (audited); the agents run it. Refused (409) while the cluster is unhealthy unless forced with a reason.
 */
export const POST = apiRoute(
  operations.startRollout,
  async (request, { user, params: { id, rolloutId }, readBody }) => {
    const number = numericId(rolloutId);
    if (number === null) {
      // Bad JSON is still answered first, as it always was.
      const read = await readJsonBody(request);
      return read.ok ? notFoundResponse("rollout") : read.response;
    }
    const read = await readBody();
    if (!read.ok) return read.response;
    return outcomeResponse(
      await startRollout(db, id, number, read.body, user.username),
      (done) => ({ rollout: rolloutForViewers(done.rollout) }),
      202,
    );
  },
);
