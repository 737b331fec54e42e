import { db } from "@/lib/db/client";
import { listServerActions, requestServerAction, waitForServerAction } from "@/lib/store/server-actions";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** How long a request waits (`?waitMs=`, at most 10 s) for the agents to finish before answering 202 pending. */
const WAIT_MS = 5_000;
const MAX_WAIT_MS = 10_000;

function waitMsOf(request: Request): number {
  const asked = Number(new URL(request.url).searchParams.get("waitMs") ?? WAIT_MS);
  return Number.isFinite(asked) ? Math.min(Math.max(asked, 0), MAX_WAIT_MS) : WAIT_MS;
}

/** Recent actions on the cluster's servers, newest first: what, by whom, when, each node's answer. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  jsonResponse({ actions: await listServerActions(db, id) }),
);

/** `{ backend, server, action: drain|maint|ready }`: recorded, applied to both nodes by the agents. */
export const POST = apiBodyRoute(
  operations.requestServerAction,
  async (request, { user, params: { id }, body }) => {
    const outcome = await requestServerAction(db, id, body, user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    const action = (await waitForServerAction(db, outcome.action.id, waitMsOf(request))) ?? outcome.action;
    const finished = action.status === "done" || action.status === "failed";
    return jsonResponse({ action }, finished ? 200 : 202);
  },
);
