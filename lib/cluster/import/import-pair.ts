/**
 * The adoption path: one haproxy.cfg and both nodes' keepalived.conf become one cluster definition.
 * Settings that must be equal on both nodes but are not (the article's "asymmetric configs drift")
 * are reported, and the first node's value is kept. Pure.
 */
import { isDeepStrictEqual } from "node:util";
import type { ClusterDefinitionInput } from "../schema/definition";
import type { FieldIssue } from "../rules/types";
import { importHaproxyCfg } from "./import-haproxy";
import { importKeepalivedConf, type ImportedKeepalived } from "./import-keepalived";

export interface PairImportInput {
  name: string;
  haproxyCfg: string;
  keepalived: [{ node: string; text: string }, { node: string; text: string }];
  /** Node addresses on the VRRP segment, needed when the files use multicast (no unicast_src_ip). */
  addresses?: Record<string, string>;
}

export interface PairImportResult {
  /** A draft: run it through validateDefinition before saving. */
  definition: ClusterDefinitionInput;
  warnings: FieldIssue[];
  /** Why the files cannot become a cluster at all (the draft is then not worth validating). */
  refusals: FieldIssue[];
}

type NodeFile = ImportedKeepalived & { name: string };

const SHARED_FIELDS = [
  "instanceName",
  "interface",
  "virtualRouterId",
  "advertInt",
  "authPass",
  "mode",
  "nopreempt",
  "preemptDelay",
  "trackScripts",
  "vips",
  "extra",
  "scriptUser",
  "globalExtra",
] as const;

export function importPair(input: PairImportInput): PairImportResult {
  const { haproxy, warnings, serverStateFile } = importHaproxyCfg(input.haproxyCfg);
  const files: NodeFile[] = input.keepalived.map((file) => ({
    name: file.node,
    ...importKeepalivedConf(file.text),
  }));
  const [one, two] = files as [NodeFile, NodeFile];
  // A warning both files give is said once, naming both nodes (the CLI used to print it twice).
  const same = (a: FieldIssue, b: FieldIssue) => a.path === b.path && a.message === b.message;
  for (const w of one.warnings)
    warnings.push({
      ...w,
      message: `${two.warnings.some((x) => same(x, w)) ? `${one.name}, ${two.name}` : one.name}: ${w.message}`,
    });
  for (const w of two.warnings)
    if (!one.warnings.some((x) => same(x, w))) warnings.push({ ...w, message: `${two.name}: ${w.message}` });
  for (const field of SHARED_FIELDS) {
    if (!isDeepStrictEqual(one.shared[field], two.shared[field])) {
      warnings.push({
        path: `vrrp.${field}`,
        message: `${field} differs between ${one.name} and ${two.name} (drift); ${one.name}'s value was kept`,
      });
    }
  }
  const refusals = files.flatMap((file, i) =>
    file.noInstance
      ? [
          {
            path: `keepalived.${i}.text`,
            message: `${file.name}: no vrrp_instance: hapair manages VRRP pairs (a file with only virtual_server blocks is an LVS setup, outside its scope)`,
          },
        ]
      : [],
  );
  const shared = one.shared;
  // Top-level blocks the two files share are kept once; if they differ, each node keeps its own.
  const sameBlocks = isDeepStrictEqual(one.shared.extraBlocks, two.shared.extraBlocks);
  const address = (file: NodeFile, other: NodeFile) =>
    file.node.address ?? other.node.peer ?? input.addresses?.[file.name];
  const nodes = files.map((file, i) => {
    const other = files[i === 0 ? 1 : 0] ?? file;
    const nodeAddress = address(file, other);
    if (!nodeAddress)
      warnings.push({
        path: `nodes.${i}.address`,
        message: `${file.name}'s address on the VRRP segment is not in its file (multicast): give the node's address (CLI: --address ${file.name}=IP)`,
      });
    return {
      name: file.name,
      address: nodeAddress ?? "",
      ssh: { host: nodeAddress ?? file.name },
      // keepalived's defaults when the file says nothing: state BACKUP, priority 100.
      role: (file.node.role ?? "BACKUP") as "MASTER" | "BACKUP",
      priority: file.node.priority ?? 100,
      routerId: file.node.routerId ?? file.name,
      extraBlocks: [...(sameBlocks ? [] : file.shared.extraBlocks), ...file.node.extraBlocks],
    };
  }) as ClusterDefinitionInput["nodes"];
  const definition: ClusterDefinitionInput = {
    name: input.name,
    vips: shared.vips,
    vrrp: {
      instanceName: shared.instanceName,
      interface: shared.interface,
      virtualRouterId: shared.virtualRouterId ?? 0,
      advertInt: shared.advertInt,
      authPass: shared.authPass,
      mode: shared.mode,
      nopreempt: shared.nopreempt,
      preemptDelay: shared.preemptDelay,
      trackScripts: shared.trackScripts,
      extra: shared.extra,
    },
    nodes,
    haproxy,
    keepalived: {
      scriptUser: shared.scriptUser,
      globalExtra: shared.globalExtra,
      extraBlocks: sameBlocks ? shared.extraBlocks : [],
    },
    ...(serverStateFile ? { paths: { serverStateFile } } : {}),
  };
  return { definition: dropUndefined(definition), warnings, refusals };
}

/** YAML and deep-equality friendly: no keys whose value is undefined. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
