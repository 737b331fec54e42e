/**
 * The adoption path: one haproxy.cfg and both nodes' keepalived.conf become one cluster definition.
 * Where the two files differ in a setting a node may have its own value of (NIC names, instance and
 * global_defs lines), the second node keeps its own as an override. Settings that must be equal on
 * both nodes but are not (the article's "asymmetric configs drift") are reported, and the first
 * node's value is kept. Pure.
 */
import { isDeepStrictEqual } from "node:util";
import type { ClusterDefinitionInput } from "../schema/definition";
import type { NodeComments, NodeOverrides } from "../schema/keepalived";
import type { FieldIssue } from "../rules/types";
import { IPV4 } from "../schema/primitives";
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
  const overrides = perNodeOverrides(one.shared, two.shared);
  for (const field of SHARED_FIELDS) {
    if (!overrides.covered.has(field) && !isDeepStrictEqual(one.shared[field], two.shared[field])) {
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
  // A node address that is not one says which line of which file it came from.
  files.forEach((file, i) => {
    const { address, addressWritten, addressPrefix = 0 } = file.node;
    if (addressWritten && (!IPV4.test(address ?? "") || addressPrefix < 0 || addressPrefix > 32))
      refusals.push({
        path: `keepalived.${i}.text`,
        message: `${file.name}: line ${addressWritten.line}: unicast_src_ip ${addressWritten.text} is not an IPv4 address (with an optional /0-32)`,
      });
  });
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
      ...(file.node.address && file.node.addressPrefix !== undefined
        ? { addressPrefix: file.node.addressPrefix }
        : {}),
      ssh: { host: nodeAddress ?? file.name },
      // keepalived's defaults when the file says nothing: state BACKUP, priority 100.
      role: (file.node.role ?? "BACKUP") as "MASTER" | "BACKUP",
      priority: file.node.priority ?? 100,
      routerId: file.node.routerId ?? file.name,
      notify: file.node.notify,
      ...(i === 1 && Object.keys(overrides.node).length > 0 ? { overrides: overrides.node } : {}),
      extraBlocks: [...(sameBlocks ? [] : file.shared.extraBlocks), ...file.node.extraBlocks],
      ...nodeComments(file.node.comments),
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

type Shared = ImportedKeepalived["shared"];

/** A node's keepalived comments, without the empty lists (a file without comments renders as before). */
function nodeComments(comments: ImportedKeepalived["node"]["comments"]): { comments?: NodeComments } {
  const scripts = Object.fromEntries(Object.entries(comments.scripts).filter(([, list]) => list.length > 0));
  const kept: NodeComments = {
    ...(comments.globalDefs.length > 0 ? { globalDefs: comments.globalDefs } : {}),
    ...(comments.instance.length > 0 ? { instance: comments.instance } : {}),
    ...(Object.keys(scripts).length > 0 ? { scripts } : {}),
    ...(comments.end.length > 0 ? { end: comments.end } : {}),
  };
  return Object.keys(kept).length > 0 ? { comments: kept } : {};
}

/**
 * The second node's own values where it differs from the first in a setting that may differ per node;
 * the keys say which shared fields they cover (the rest are compared as drift).
 */
function perNodeOverrides(one: Shared, two: Shared): { node: NodeOverrides; covered: Set<keyof Shared> } {
  const node: NodeOverrides = {};
  const covered = new Set<keyof Shared>();
  if (one.interface !== two.interface && two.interface) {
    node.interface = two.interface;
    covered.add("interface");
  }
  if (!isDeepStrictEqual(one.extra, two.extra)) {
    node.extra = two.extra;
    covered.add("extra");
  }
  if (!isDeepStrictEqual(one.globalExtra, two.globalExtra)) {
    node.globalExtra = two.globalExtra;
    covered.add("globalExtra");
  }
  // The same VIPs on another NIC name: each VIP's dev on this node.
  const withoutDev = (vips: Shared["vips"]) => vips.map((v) => ({ ...v, interface: "" }));
  if (
    !isDeepStrictEqual(one.vips, two.vips) &&
    isDeepStrictEqual(withoutDev(one.vips), withoutDev(two.vips))
  ) {
    node.vipInterfaces = two.vips.map((v) => v.interface);
    covered.add("vips");
  }
  return { node, covered };
}

/** YAML and deep-equality friendly: no keys whose value is undefined. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
