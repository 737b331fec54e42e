import Link from "next/link";
import { Suspense } from "react";
import { ClusterList } from "./_features/clusters/components/cluster-list";
import { Note } from "./_components/ui/states";
import { requirePageUser } from "./_lib/page-auth";
import { can } from "@/lib/auth/roles";

export default async function HomePage() {
  const user = await requirePageUser("read");
  return (
    <section className="space-y-4">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
          <p className="text-sm text-slate-600">
            Active-passive HAProxy pairs with Keepalived and a floating VIP.
          </p>
        </div>
        {can(user.role, "edit-cluster") && (
          <div className="flex gap-2 text-sm">
            <Link href="/clusters/new" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
              New cluster
            </Link>
            <Link
              href="/clusters/import"
              className="rounded border border-slate-300 bg-white px-3 py-1.5 text-slate-700"
            >
              Import
            </Link>
          </div>
        )}
      </div>
      {/* The list reads its search and filter from the URL (useSearchParams). */}
      <Suspense fallback={<Note>Loading clusters…</Note>}>
        <ClusterList />
      </Suspense>
    </section>
  );
}
