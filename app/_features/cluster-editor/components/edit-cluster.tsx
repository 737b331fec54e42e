"use client";

import { ErrorNote, Note } from "@/app/_components/ui/states";
import { useDefinition } from "../hooks/use-definition";
import { DefinitionEditor } from "./definition-editor";

export function EditCluster({ clusterId }: { clusterId: string }) {
  const { data, error, isPending } = useDefinition(clusterId);
  if (isPending) return <Note>Loading definition…</Note>;
  if (error) return <ErrorNote error={error} />;
  return <DefinitionEditor initial={data.definition} clusterId={clusterId} baseRevision={data.revision} />;
}
