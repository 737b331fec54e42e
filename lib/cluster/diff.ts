/** Differences between two revisions, as a unified diff of their YAML. Pure. */
import { createTwoFilesPatch } from "diff";
import type { ClusterDefinition } from "./schema/definition";
import { definitionToYaml } from "./yaml";

export function revisionDiff(from: { number: number; definition: ClusterDefinition }, to: { number: number; definition: ClusterDefinition }): string {
  return createTwoFilesPatch(`revision ${from.number}`, `revision ${to.number}`, definitionToYaml(from.definition), definitionToYaml(to.definition), "", "", { context: 3 });
}
