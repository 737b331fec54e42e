import { ClusterList } from "./_features/clusters/components/cluster-list";
import { requirePageUser } from "./_lib/page-auth";

export default async function HomePage() {
  await requirePageUser("read");
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
        <p className="text-sm text-slate-600">Active-passive HAProxy pairs with Keepalived and a floating VIP.</p>
      </div>
      <ClusterList />
    </section>
  );
}
