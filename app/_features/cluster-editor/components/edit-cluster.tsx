"use client";

import { useDefinition } from "../hooks/use-definition";
import { DefinitionEditor } from "./definition-editor";

export function EditCluster({ clusterId }: { clusterId: string }) {
  const { data, error, isPending } = useDefinition(clusterId);
  if (isPending) return <p className="text-sm text-slate-500">Loading definition…</p>;
  if (error) return <p className="text-sm text-red-700">{error.message}</p>;
  return <DefinitionEditor initial={data.definition} clusterId={clusterId} baseRevision={data.revision} />;
}
