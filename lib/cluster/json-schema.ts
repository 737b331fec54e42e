/** The JSON Schema of the cluster file, generated from the zod schema so the two never disagree. */
import { z } from "zod";
import { clusterDefinitionSchema } from "./schema/definition";

export function clusterJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(clusterDefinitionSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://hapair.dev/schema/hapair-cluster.schema.json",
    title: "hapair cluster definition",
  };
}
