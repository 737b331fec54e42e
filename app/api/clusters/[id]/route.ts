import { db } from "@/lib/db/client";
import { deleteCluster } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>("edit-cluster", async (_request, { user, params }) => {
  if (!(await deleteCluster(db, params.id, user.username))) return notFoundResponse("cluster");
  return jsonResponse({ deleted: params.id });
});
