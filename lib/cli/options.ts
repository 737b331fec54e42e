/** The flags `hapair COMMAND …` and `hapair --server URL COMMAND …` both take, with the same meaning. */
import type { ParseArgsConfig } from "node:util";

export const SHARED_OPTIONS = {
  name: { type: "string" },
  pem: { type: "string" },
  path: { type: "string" },
  message: { type: "string" },
  revision: { type: "string" },
  mode: { type: "string" },
  force: { type: "boolean", default: false },
  reason: { type: "string" },
  "confirm-node-death": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  wait: { type: "boolean", default: false },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;
