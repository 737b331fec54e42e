/** The files a revision puts on each node, in the order they are installed. Pure. */
import { createHash } from "node:crypto";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { renderCluster } from "@/lib/cluster/render";
import type { DesiredFile } from "./types";

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Per node: the notify hook first (keepalived.conf names it), then haproxy.cfg (identical on both
 * nodes), then keepalived.conf (per node).
 */
export function desiredFiles(definition: ClusterDefinition): Record<string, DesiredFile[]> {
  const rendered = renderCluster(definition);
  const { paths } = definition;
  return Object.fromEntries(
    definition.nodes.map((node) => [
      node.name,
      [
        { role: "notify-script", path: paths.notifyScript, text: rendered.notifyScript, mode: 0o755 },
        { role: "haproxy.cfg", path: paths.haproxyConfig, text: rendered.haproxyCfg, mode: 0o644 },
        {
          role: "keepalived.conf",
          path: paths.keepalivedConfig,
          text: rendered.keepalived[node.name] ?? "",
          mode: 0o644,
        },
      ] satisfies DesiredFile[],
    ]),
  );
}

/** Where a candidate file waits beside its target until it is validated and renamed into place. */
export function candidatePath(path: string, rolloutId: number): string {
  const slash = path.lastIndexOf("/");
  return `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.hapair-candidate-${rolloutId}`;
}

/** Every file a rollout may leave beside a target: the validated candidate, the failover config, a restore copy. */
export function candidateFiles(path: string, rolloutId: number): string[] {
  const candidate = candidatePath(path, rolloutId);
  return [
    candidate,
    `${candidate}-failover`,
    `${candidate}-restore`,
    `${backupPath(path, rolloutId)}.partial`,
  ];
}

/** The numbered backup of a file's previous version: the number is the rollout's. */
export function backupPath(path: string, rolloutId: number): string {
  return `${path}.hapair-${rolloutId}`;
}

/** A copy of a node's keepalived config with a lowered priority: the controlled failover's lever. */
export function withNodePriority(
  definition: ClusterDefinition,
  nodeName: string,
  priority: number,
): ClusterDefinition {
  const [a, b] = definition.nodes;
  const lowered = (node: typeof a) => (node.name === nodeName ? { ...node, priority } : node);
  return { ...definition, nodes: [lowered(a), lowered(b)] };
}

/** Masks secrets in a file's text before it is diffed for people (keepalived's auth_pass). */
export function maskSecrets(text: string): string {
  return text.replace(/^(\s*auth_pass\s+)\S+/gm, "$1<kept>");
}
