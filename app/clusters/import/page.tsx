import Link from "next/link";
import { ImportCluster } from "@/app/_features/cluster-import/components/import-cluster";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function ImportClusterPage() {
  await requirePageUser("edit-cluster");
  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
        ← Clusters
      </Link>
      <h1 className="text-xl font-semibold">Import a running pair</h1>
      <p className="text-sm text-slate-600">
        Paste or upload the pair&apos;s haproxy.cfg and both nodes&apos; keepalived.conf. Same import as{" "}
        <code className="font-mono">hapair import</code>.
      </p>
      <ImportCluster />
    </div>
  );
}
