import { DefinitionEditor } from "@/app/_features/cluster-editor/components/definition-editor";
import { NEW_CLUSTER_TEMPLATE } from "@/app/_features/cluster-editor/components/template";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function NewClusterPage() {
  await requirePageUser("edit-cluster");
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New cluster</h1>
      <DefinitionEditor initial={NEW_CLUSTER_TEMPLATE} />
    </div>
  );
}
