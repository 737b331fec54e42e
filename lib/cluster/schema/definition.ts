/**
 * The cluster definition: one document describing an HA pair, shared by the HTTP API, the forms and
 * the CLI (and, as JSON Schema, by editors of the YAML file).
 */
import { z } from "zod";
import { alertingSchema } from "./alerting";
import { arpCheckSchema } from "./arp-check";
import { commandsSchema, pathsSchema } from "./commands";
import { drillsSchema } from "./drills";
import { haproxySchema } from "./haproxy";
import { keepalivedSchema, nodeSchema, vipSchema, vrrpSchema } from "./keepalived";
import { identifier, text } from "./primitives";
import { rolloutSettingsSchema } from "./rollout";

export const clusterDefinitionSchema = z.strictObject({
  name: identifier,
  description: text(500).default(""),
  vips: z.array(vipSchema).min(1, "at least one VIP").max(16),
  vrrp: vrrpSchema,
  nodes: z.tuple([nodeSchema, nodeSchema], { error: "exactly two nodes" }),
  haproxy: haproxySchema.default(haproxySchema.parse({})),
  keepalived: keepalivedSchema.default(keepalivedSchema.parse({})),
  commands: commandsSchema.default(commandsSchema.parse({})),
  paths: pathsSchema.default(pathsSchema.parse({})),
  /** Hold times and thresholds of the alert rules (lib/alerts); defaults when absent. */
  alerting: alertingSchema.optional(),
  /** Failover drills: dead-man time and the node-death command (off by default). */
  drills: drillsSchema.optional(),
  /** Rollout settings: numbered backups kept per file (10 when absent). */
  rollout: rolloutSettingsSchema.optional(),
  /** Where the VIP's ARP entry really points: the peer's arping, a witness host's neighbour table (off when absent). */
  arpCheck: arpCheckSchema.optional(),
});

export type ClusterDefinition = z.infer<typeof clusterDefinitionSchema>;
export type ClusterDefinitionInput = z.input<typeof clusterDefinitionSchema>;
