import Link from "next/link";
import { DefinitionEditor } from "@/app/_features/cluster-editor/components/definition-editor";
import { NEW_CLUSTER_TEMPLATE } from "@/app/_features/cluster-editor/components/template";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function NewClusterPage() {
  await requirePageUser("edit-cluster");
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold">New cluster</h1>
        <Link href="/clusters/import" className="text-sm text-sky-700 hover:underline">
          Or import a running pair from its files
        </Link>
      </div>
      <DefinitionEditor initial={NEW_CLUSTER_TEMPLATE} />
    </div>
  );
}
