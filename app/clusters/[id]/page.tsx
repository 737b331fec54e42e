import Link from "next/link";
import { ClusterLiveView } from "@/app/_features/cluster-live/components/cluster-live-view";
import { requireClusterPageUser } from "@/app/_lib/page-auth";
import { can } from "@/lib/auth/roles";

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, id } = await requireClusterPageUser(params);
  return (
    <div className="space-y-4">
      <div className="flex gap-4 text-sm">
        <Link href="/" className="text-slate-500 hover:text-slate-800">
          ← Clusters
        </Link>
        {can(user.role, "edit-cluster") && (
          <Link href={`/clusters/${id}/edit`} className="text-sky-700 hover:underline">
            Edit definition
          </Link>
        )}
        <Link href={`/clusters/${id}/history`} className="text-sky-700 hover:underline">
          Revisions
        </Link>
      </div>
      <ClusterLiveView clusterId={id} />
    </div>
  );
}
