/** The import form's state and the POST /api/import request it becomes. Pure. */
import type { ImportRequest } from "@/lib/cluster/import/import-request";

export interface NodeFile {
  node: string;
  /** The node's address on the VRRP segment; needed when its file uses multicast. */
  address: string;
  text: string;
}

export interface ImportFiles {
  name: string;
  haproxyCfg: string;
  nodes: [NodeFile, NodeFile];
}

export const EMPTY_IMPORT: ImportFiles = {
  name: "",
  haproxyCfg: "",
  nodes: [
    { node: "lb-01", address: "", text: "" },
    { node: "lb-02", address: "", text: "" },
  ],
};

/** Where the API reports a problem with node i's address (its `addresses` record is keyed by node name). */
export const addressPath = (files: ImportFiles, i: 0 | 1) => `addresses.${files.nodes[i].node}`;

export function toImportRequest(files: ImportFiles): ImportRequest {
  const addresses = Object.fromEntries(
    files.nodes.filter((n) => n.address.trim() !== "").map((n) => [n.node, n.address.trim()]),
  );
  return {
    name: files.name,
    haproxyCfg: files.haproxyCfg,
    keepalived: [
      { node: files.nodes[0].node, text: files.nodes[0].text },
      { node: files.nodes[1].node, text: files.nodes[1].text },
    ],
    ...(Object.keys(addresses).length > 0 ? { addresses } : {}),
  };
}

/** Paths the form shows next to a field; any other issue is listed under the form. */
export function fieldPaths(files: ImportFiles): Set<string> {
  return new Set([
    "name",
    "haproxyCfg",
    ...([0, 1] as const).flatMap((i) => [
      `keepalived.${i}.node`,
      `keepalived.${i}.text`,
      addressPath(files, i),
    ]),
  ]);
}
