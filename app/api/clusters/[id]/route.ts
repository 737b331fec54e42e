import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { deleteCluster } from "@/lib/store/definitions";
import { issuesResponse, NO_STORE } from "../../_lib/http";

export const dynamic = "force-dynamic";

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await deleteCluster(db, id))) return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return NextResponse.json({ deleted: id }, { headers: NO_STORE });
}
