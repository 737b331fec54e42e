import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { listRollouts, requestRolloutPlan, waitForRollout } from "@/lib/store/rollouts";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** How long a plan request waits for the agents to read both nodes before answering 202 planning. */
const PLAN_WAIT_MS = 15_000;

/** Rollout history, newest first: who, when, which revision, mode, outcome. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  jsonResponse({ rollouts: (await listRollouts(db, id)).map((r) => rolloutForViewers(r)) }),
);

/** `{ revision }`: the agents read each node's files and answer the plan (diffs, drift); nothing changes yet. */
export const POST = apiBodyRoute(operations.planRollout, async (_request, { user, params: { id }, body }) => {
  const outcome = await requestRolloutPlan(db, id, body, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  const rollout =
    (await waitForRollout(db, outcome.rollout.id, PLAN_WAIT_MS, ["planned", "plan-failed"])) ??
    outcome.rollout;
  return jsonResponse({ rollout: rolloutForViewers(rollout) }, rollout.status === "planning" ? 202 : 200);
});
