import { NextResponse } from "next/server";
import { DIFF_TOO_LARGE } from "@/lib/cluster/bounded-diff";
import { revisionDiff } from "@/lib/cluster/diff";
import { db } from "@/lib/db/client";
import { getRevision } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/**
 * `?from=N&to=M`: a unified diff of the two revisions' YAML. Bounded in time and size (it runs on the
 * thread that answers every request): past the bound, `tooLarge: true` and an empty diff.
 */
export const GET = withAuth<{ id: string }>("read", async (request, { params: { id } }) => {
  const query = new URL(request.url).searchParams;
  const numbers = ["from", "to"].map((key) => numericId(query.get(key)));
  const bad = numbers.findIndex((n) => n === null);
  if (bad >= 0)
    return issuesResponse(400, [
      { path: bad === 0 ? "from" : "to", message: "from and to are revision numbers" },
    ]);
  const [from, to] = await Promise.all(numbers.map((n) => (n === null ? null : getRevision(db, id, n))));
  if (!from || !to) return issuesResponse(404, [{ path: from ? "to" : "from", message: "no such revision" }]);
  const diff = revisionDiff(from, to);
  const body =
    diff === null
      ? { from: from.number, to: to.number, diff: "", tooLarge: true, message: DIFF_TOO_LARGE }
      : { from: from.number, to: to.number, diff, tooLarge: false };
  return NextResponse.json(body, { headers: NO_STORE });
});
