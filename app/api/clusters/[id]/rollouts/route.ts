import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { rolloutForViewers } from "@/lib/store/checksum-view";
import { listRollouts, requestRolloutPlan, waitForRollout } from "@/lib/store/rollouts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** How long a plan request waits for the agents to read both nodes before answering 202 planning. */
const PLAN_WAIT_MS = 15_000;

/** Rollout history, newest first: who, when, which revision, mode, outcome. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  NextResponse.json(
    { rollouts: (await listRollouts(db, id)).map((r) => rolloutForViewers(r)) },
    { headers: NO_STORE },
  ),
);

/** `{ revision }`: the agents read each node's files and answer the plan (diffs, drift); nothing changes yet. */
export const POST = withAuth<{ id: string }>("rollout", async (request, { user, params: { id } }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const outcome = await requestRolloutPlan(db, id, read.body, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  const rollout =
    (await waitForRollout(db, outcome.rollout.id, PLAN_WAIT_MS, ["planned", "plan-failed"])) ??
    outcome.rollout;
  return NextResponse.json(
    { rollout: rolloutForViewers(rollout) },
    { status: rollout.status === "planning" ? 202 : 200, headers: NO_STORE },
  );
});
