import Link from "next/link";
import { RevisionHistory } from "@/app/_features/cluster-editor/components/revision-history";
import { requireClusterPageUser } from "@/app/_lib/page-auth";
import { can } from "@/lib/auth/roles";

export default async function ClusterHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, id } = await requireClusterPageUser(params);
  return (
    <div className="space-y-4">
      <div className="flex gap-4 text-sm">
        <Link href={`/clusters/${id}`} className="text-slate-500 hover:text-slate-800">
          ← Cluster
        </Link>
        {can(user.role, "edit-cluster") && (
          <Link href={`/clusters/${id}/edit`} className="text-sky-700 hover:underline">
            Edit
          </Link>
        )}
      </div>
      <h1 className="text-xl font-semibold">Revisions</h1>
      <RevisionHistory clusterId={id} />
    </div>
  );
}
