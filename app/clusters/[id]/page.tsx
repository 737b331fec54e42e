import Link from "next/link";
import { ClusterLiveView } from "@/app/_features/cluster-live/components/cluster-live-view";

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
        ← Clusters
      </Link>
      <ClusterLiveView clusterId={id} />
    </div>
  );
}
