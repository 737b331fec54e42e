/** The cluster definition's public face: types and the schema from schema/, validation from validate.ts. */
export {
  clusterDefinitionSchema,
  type ClusterDefinition,
  type ClusterDefinitionInput,
} from "./schema/definition";
export type { NodeDefinition, TrackScript, VrrpDefinition } from "./schema/keepalived";
export type {
  BackendDefinition,
  FrontendDefinition,
  HaproxyDefinition,
  ServerDefinition,
} from "./schema/haproxy";
export {
  validateDefinition,
  zodIssues,
  type FieldIssue,
  type ValidationContext,
  type ValidationResult,
} from "./validate";
