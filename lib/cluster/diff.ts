/** Differences between two revisions, as a unified diff of their YAML (bounded: null when too large). Pure. */
import { boundedPatch, type DiffLimits } from "./bounded-diff";
import type { ClusterDefinition } from "./schema/definition";
import { definitionToYaml } from "./yaml";

export function revisionDiff(
  from: { number: number; definition: ClusterDefinition },
  to: { number: number; definition: ClusterDefinition },
  limits?: DiffLimits,
): string | null {
  return boundedPatch(
    `revision ${from.number}`,
    `revision ${to.number}`,
    definitionToYaml(from.definition),
    definitionToYaml(to.definition),
    limits,
  );
}
