import { db } from "@/lib/db/client";
import { definitionToYaml } from "@/lib/cluster/yaml";
import { getRevision } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** The revision as a YAML file download (`hapair apply` takes it back). */
export const GET = withAuth<{ id: string; number: string }>(
  "read",
  async (_request, { params: { id, number } }) => {
    const revisionNumber = numericId(number);
    const revision = revisionNumber === null ? null : await getRevision(db, id, revisionNumber);
    if (!revision) return issuesResponse(404, [{ path: "(revision)", message: "no such revision" }]);
    return new Response(
      definitionToYaml(revision.definition, `cluster ${revision.name}, revision ${revision.number}`),
      {
        headers: {
          "content-type": "application/yaml; charset=utf-8",
          "content-disposition": `attachment; filename="${revision.name}-r${revision.number}.yaml"`,
          "cache-control": "no-store",
        },
      },
    );
  },
);
