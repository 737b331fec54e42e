import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { deleteCluster } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>("edit-cluster", async (_request, { user, params }) => {
  if (!(await deleteCluster(db, params.id, user.username)))
    return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return NextResponse.json({ deleted: params.id }, { headers: NO_STORE });
});
