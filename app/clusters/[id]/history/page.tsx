import Link from "next/link";
import { RevisionHistory } from "@/app/_features/cluster-editor/components/revision-history";

export default async function ClusterHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="space-y-4">
      <div className="flex gap-4 text-sm">
        <Link href={`/clusters/${id}`} className="text-slate-500 hover:text-slate-800">← Cluster</Link>
        <Link href={`/clusters/${id}/edit`} className="text-sky-700 hover:underline">Edit</Link>
      </div>
      <h1 className="text-xl font-semibold">Revisions</h1>
      <RevisionHistory clusterId={id} />
    </div>
  );
}
