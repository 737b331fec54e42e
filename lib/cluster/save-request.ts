/**
 * The envelopes around a definition in the API: `{ definition, baseRevision?, message? }` to save and
 * `{ definition }` to render. Lenient on purpose (as the routes always were): a wrong-typed
 * `baseRevision` or `message` is ignored, and the definition itself is checked by validateDefinition
 * (schema, rules and the other clusters) so its issues keep paths relative to the definition.
 */
import { z } from "zod";

const definition = z
  .unknown()
  .describe("a cluster definition (schema/hapair-cluster.schema.json), validated with the cluster rules");

export const definitionSaveRequestSchema = z
  .object({
    definition,
    baseRevision: z
      .number()
      .optional()
      .catch(undefined)
      .describe("the revision the edit started from: 409 if another was saved since"),
    message: z
      .string()
      .catch("")
      .transform((text) => text.slice(0, 500))
      .describe("what changed and why (first 500 characters kept)"),
  })
  .catch({ definition: undefined, baseRevision: undefined, message: "" });
export type DefinitionSaveRequest = z.output<typeof definitionSaveRequestSchema>;

export const definitionRenderRequestSchema = z.object({ definition }).catch({ definition: undefined });
