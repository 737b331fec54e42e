/**
 * The cluster definition: one document describing an HA pair, shared by the HTTP API, the forms and
 * the CLI. This first version carries what live state and the lab need (nodes, VIP, VRRP identity,
 * where things live on the nodes); HAProxy sections and track scripts extend it with rendering.
 */
import { z } from "zod";

// No control characters anywhere: a value must never start a new directive or shell line.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "must not contain control characters (newline, NUL, tab, …)");

const identifier = text(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '_', '.', '-' only, starting with a letter or digit");
const absolutePath = text(4096).regex(/^\/[^\s]*$/, "an absolute path without spaces");
const ipv4 = text(15).regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, "an IPv4 address");
const host = text(253).regex(/^[A-Za-z0-9.:-]+$/, "a host name or address");

export const nodeSchema = z.object({
  name: identifier,
  ssh: z.object({
    host,
    port: z.number().int().min(1).max(65_535).default(22),
    user: identifier.default("root"),
    /** Private key file on the hapair server (never sent to the browser). */
    identityFile: absolutePath,
    useSudo: z.boolean().default(false),
  }),
  role: z.enum(["MASTER", "BACKUP"]),
  priority: z.number().int().min(1).max(254),
  routerId: identifier,
  /** Accepted host key fingerprint (`SHA256:…`); hosts presenting another key are refused. */
  hostKeyFingerprint: text(80).regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "a SHA256:… fingerprint as ssh-keygen -lf prints it").optional(),
});

export const vipSchema = z.object({
  address: ipv4,
  prefix: z.number().int().min(1).max(32),
  interface: identifier,
});

export const pathsSchema = z.object({
  haproxyConfig: absolutePath.default("/etc/haproxy/haproxy.cfg"),
  keepalivedConfig: absolutePath.default("/etc/keepalived/keepalived.conf"),
  haproxyPidFile: absolutePath.default("/run/haproxy.pid"),
  adminSocket: absolutePath.default("/run/haproxy/admin.sock"),
  masterSocket: absolutePath.default("/run/haproxy-master.sock"),
  keepalivedStateFile: absolutePath.default("/run/keepalived/hapair-state"),
  certificates: z.array(absolutePath).max(100).default([]),
});

export const clusterDefinitionSchema = z.object({
  name: identifier,
  vips: z.array(vipSchema).min(1).max(16),
  vrrp: z.object({
    virtualRouterId: z.number().int().min(1).max(255),
    advertInt: z.number().int().min(1).max(255).default(1),
  }),
  nodes: z.tuple([nodeSchema, nodeSchema]),
  paths: pathsSchema.default(pathsSchema.parse({})),
});

export type ClusterDefinition = z.infer<typeof clusterDefinitionSchema>;
export type ClusterDefinitionInput = z.input<typeof clusterDefinitionSchema>;
export type NodeDefinition = z.infer<typeof nodeSchema>;

export interface FieldIssue {
  path: string;
  message: string;
}

export function parseClusterDefinition(input: unknown): { ok: true; definition: ClusterDefinition } | { ok: false; issues: FieldIssue[] } {
  const result = clusterDefinitionSchema.safeParse(input);
  if (result.success) {
    const issues = pairRules(result.data);
    return issues.length === 0 ? { ok: true, definition: result.data } : { ok: false, issues };
  }
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
}

/** Rules across fields that make a pair a pair. */
function pairRules(definition: ClusterDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const [a, b] = definition.nodes;
  if (a.name === b.name) issues.push({ path: "nodes.1.name", message: "the two nodes need different names" });
  if (a.role === b.role) issues.push({ path: "nodes.1.role", message: "one node must be MASTER and the other BACKUP" });
  if (a.priority === b.priority) issues.push({ path: "nodes.1.priority", message: "the two priorities must differ" });
  const master = a.role === "MASTER" ? a : b;
  const backup = master === a ? b : a;
  const masterIndex = master === a ? 0 : 1;
  if (a.role !== b.role && master.priority < backup.priority) {
    issues.push({ path: `nodes.${masterIndex}.priority`, message: "the MASTER's priority must be higher than the BACKUP's" });
  }
  return issues;
}
