export interface FieldIssue {
  /** Dotted path into the definition, e.g. `haproxy.backends.0.servers.2.port`. */
  path: string;
  message: string;
}

/** What validation needs to know about the world beyond the definition itself. */
export interface ValidationContext {
  /** hapair's other clusters, for VRID collisions on the same segment. */
  otherClusters: { name: string; virtualRouterId: number; segments: string[] }[];
}

export const NO_CONTEXT: ValidationContext = { otherClusters: [] };
