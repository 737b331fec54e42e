import Link from "next/link";
import { EditCluster } from "@/app/_features/cluster-editor/components/edit-cluster";
import { requireClusterPageUser } from "@/app/_lib/page-auth";

export default async function EditClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await requireClusterPageUser(params, "edit-cluster");
  return (
    <div className="space-y-4">
      <Link href={`/clusters/${id}`} className="text-sm text-slate-500 hover:text-slate-800">
        ← Cluster
      </Link>
      <h1 className="text-xl font-semibold">Edit definition</h1>
      <EditCluster clusterId={id} />
    </div>
  );
}
