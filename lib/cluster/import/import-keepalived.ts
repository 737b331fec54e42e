/**
 * Maps one node's keepalived.conf onto the model: shared VRRP settings, track scripts and raw blocks,
 * plus that node's own fields (router_id, role, priority, address). Pure.
 */
import type { FieldIssue } from "../rules/types";
import {
  commentsWithin,
  parseKeepalivedComments,
  serializeStatements,
  unquote,
  type KeepalivedStatement,
} from "./keepalived-tokens";

export interface ImportedKeepalived {
  node: {
    routerId?: string;
    role?: string;
    priority?: number;
    address?: string;
    /** The `/N` written after unicast_src_ip's address (-1: not a number). */
    addressPrefix?: number;
    addressWritten?: { text: string; line: number };
    peer?: string;
    /** The operator's own notify command (hapair's hook runs beside it). */
    notify?: string;
    extraBlocks: string[][];
    comments: { globalDefs: string[]; instance: string[]; scripts: Record<string, string[]>; end: string[] };
  };
  /** The file has no vrrp_instance (LVS only): nothing for hapair to manage. */
  noInstance: boolean;
  shared: {
    instanceName?: string;
    interface?: string;
    virtualRouterId?: number;
    advertInt?: number;
    authPass?: string;
    mode: "unicast" | "multicast";
    nopreempt: boolean;
    preemptDelay?: number;
    trackScripts: {
      name: string;
      script: string;
      interval?: number;
      weight?: number;
      fall?: number;
      rise?: number;
      timeout?: number;
      instanceWeight?: number;
      tracked?: boolean;
      extra: string[];
    }[];
    vips: { address: string; prefix: number; interface: string; options?: string }[];
    extra: string[];
    scriptUser?: string;
    globalExtra: string[];
    extraBlocks: string[][];
  };
  warnings: FieldIssue[];
}

const num = (word: string | undefined): number | undefined =>
  word && /^-?\d+$/.test(word) ? Number(word) : undefined;

/** Lines hapair renders itself, so an imported copy would be a duplicate. */
const HAPAIR_GLOBALS = new Set(["router_id", "enable_script_security", "script_user", "reload_check_config"]);

/**
 * Hands each child of a block to `place`. One that did not land in `raw` was modelled, and the renderer
 * writes fields in its own order: its comments go to `above` (above the block's header). A raw line
 * keeps its own, in place (serializeStatements).
 */
function eachChild(
  block: KeepalivedStatement,
  raw: string[],
  above: string[],
  place: (child: KeepalivedStatement) => void,
): void {
  for (const child of block.children ?? []) {
    const before = raw.length;
    place(child);
    if (raw.length === before) above.push(...commentsWithin(child));
  }
}

function trackScript(
  statement: KeepalivedStatement,
  warnings: FieldIssue[],
  path: string,
  comments: Record<string, string[]>,
): ImportedKeepalived["shared"]["trackScripts"][number] {
  // keepalived's own defaults, written out: hapair's (interval 2, fall 2, rise 2) would change the check.
  const script: ImportedKeepalived["shared"]["trackScripts"][number] = {
    name: statement.words[1] ?? "",
    script: "",
    interval: 1,
    weight: 0,
    fall: 1,
    rise: 1,
    extra: [],
  };
  const above = [...(statement.comments ?? [])];
  comments[script.name] = above;
  eachChild(statement, script.extra, above, (child) => {
    const [key, value] = child.words;
    if (key === "script") script.script = unquote(child.words.slice(1).join(" "));
    else if (
      (key === "interval" || key === "weight" || key === "fall" || key === "rise" || key === "timeout") &&
      num(value) !== undefined &&
      child.words.length === 2
    )
      script[key] = num(value);
    else script.extra.push(...serializeStatements([child]));
  });
  if (!script.script)
    warnings.push({ path, message: `line ${statement.line}: vrrp_script ${script.name} has no script line` });
  return script;
}

function vipLine(
  words: string[],
  fallbackInterface: string | undefined,
): ImportedKeepalived["shared"]["vips"][number] | null {
  const m = /^([\d.]+)(?:\/(\d{1,2}))?$/.exec(words[0] ?? "");
  if (!m) return null;
  const devIndex = words.indexOf("dev");
  const options = words.slice(1).filter((_, i) => devIndex === -1 || (i !== devIndex - 1 && i !== devIndex));
  const dev = devIndex === -1 ? fallbackInterface : words[devIndex + 1];
  if (!dev || !options.every((w) => /^[A-Za-z0-9_.:/@-]+$/.test(w))) return null;
  return {
    address: m[1] ?? "",
    prefix: Number(m[2] ?? 32),
    interface: dev,
    ...(options.length > 0 ? { options: options.join(" ") } : {}),
  };
}

/** A line naming hapair's own hook (a file hapair rendered): not the operator's, rendered again anyway. */
const isHook = (words: string[]) => /^"?\S*\/hapair-notify\.sh\b/.test(words[1] ?? "");

/**
 * The main instance's track_script entries against the vrrp_scripts above it (keepalived 2.2.7
 * ignores a name defined below: "track script … not found"): a script no entry names is kept, but
 * not tracked by the instance.
 */
function resolveTracks(tracks: KeepalivedStatement[], above: number, result: ImportedKeepalived): void {
  const { shared, warnings } = result;
  // A map, not a search per entry: a crafted file of many scripts and entries stays linear.
  const byName = new Map<string, (typeof shared.trackScripts)[number]>();
  shared.trackScripts.forEach((script, i) => {
    script.tracked = false;
    if (i < above && !byName.has(script.name)) byName.set(script.name, script);
  });
  for (const tracked of tracks) {
    const [name = "", keyword, weight] = tracked.words;
    const script = byName.get(name);
    if (script && tracked.words.length === 1) script.tracked = true;
    else if (script && keyword === "weight" && num(weight) !== undefined && tracked.words.length === 3) {
      script.tracked = true;
      script.instanceWeight = num(weight);
    } else
      warnings.push({
        path: "vrrp.trackScripts",
        message: `line ${tracked.line}: "${tracked.words.join(" ")}" in track_script was dropped (no vrrp_script of that name above the instance, which keepalived ignores too, or an override hapair does not model)`,
      });
  }
}

function importInstance(
  statement: KeepalivedStatement,
  result: ImportedKeepalived,
  path: string,
  tracks: KeepalivedStatement[],
): void {
  const { shared, node, warnings } = result;
  shared.instanceName = statement.words[1];
  const children = statement.children ?? [];
  const iface = children.find((c) => c.words[0] === "interface")?.words[1];
  node.comments.instance.push(...(statement.comments ?? []));
  eachChild(statement, shared.extra, node.comments.instance, (child) => {
    const [key = "", value] = child.words;
    const single = child.words.length === 2 && !child.children;
    if (key === "state" && single) node.role = value;
    else if (key === "interface" && single) shared.interface = value;
    else if (key === "virtual_router_id" && single) shared.virtualRouterId = num(value);
    else if (key === "priority" && single) node.priority = num(value);
    else if (key === "advert_int" && single) shared.advertInt = num(value);
    else if (key === "nopreempt" && child.words.length === 1) shared.nopreempt = true;
    else if (key === "preempt_delay" && single) shared.preemptDelay = num(value);
    else if (key === "unicast_src_ip" && single) {
      // keepalived reads only the address of `A/N`; the prefix is kept as written.
      const [address, prefix] = (value ?? "").split("/");
      node.address = address;
      node.addressWritten = { text: value ?? "", line: child.line };
      if (prefix !== undefined) node.addressPrefix = num(prefix) ?? -1;
      shared.mode = "unicast";
    } else if (
      key === "unicast_peer" &&
      child.children?.length === 1 &&
      child.children[0]?.words.length === 1
    ) {
      node.peer = child.children[0]?.words[0];
      shared.mode = "unicast";
    } else if (key === "authentication" && child.children) {
      for (const auth of child.children) {
        if (auth.words[0] === "auth_pass") shared.authPass = auth.words.slice(1).join(" ");
        else if (!(auth.words[0] === "auth_type" && auth.words[1] === "PASS"))
          warnings.push({
            path: `${path}.authentication`,
            message: `line ${auth.line}: only PASS authentication is supported; "${auth.words.join(" ")}" was dropped`,
          });
      }
    } else if (key === "virtual_ipaddress" && child.children) {
      for (const vip of child.children) {
        const parsed = vipLine(vip.words, iface);
        if (parsed) shared.vips.push(parsed);
        else
          warnings.push({
            path: "vips",
            message: `line ${vip.line}: VIP "${vip.words.join(" ")}" has options hapair does not model and was dropped`,
          });
      }
    } else if (key === "track_script" && child.children) tracks.push(...child.children);
    else if (/^notify(_master|_backup|_fault|_stop)?$/.test(key) && isHook(child.words)) return;
    else if (/^notify_/.test(key)) shared.extra.push(...serializeStatements([child]));
    else if (key === "notify" && child.words.length >= 2)
      node.notify = child.words.slice(1).map(unquote).join(" ");
    else shared.extra.push(...serializeStatements([child]));
  });
}

export function importKeepalivedConf(text: string): ImportedKeepalived {
  const result: ImportedKeepalived = {
    node: { extraBlocks: [], comments: { globalDefs: [], instance: [], scripts: {}, end: [] } },
    noInstance: false,
    shared: {
      mode: "multicast",
      nopreempt: false,
      trackScripts: [],
      vips: [],
      extra: [],
      globalExtra: [],
      extraBlocks: [],
    },
    warnings: [],
  };
  const { shared, node, warnings } = result;
  let instances = 0;
  const tracks: KeepalivedStatement[] = [];
  let scriptsAbove = 0;
  const parsed = parseKeepalivedComments(text);
  node.comments.end = parsed.endComments;
  for (const statement of parsed.statements) {
    const [keyword] = statement.words;
    if (keyword === "global_defs") {
      node.comments.globalDefs.push(...(statement.comments ?? []));
      eachChild(statement, shared.globalExtra, node.comments.globalDefs, (child) => {
        if (child.words[0] === "router_id") node.routerId = child.words[1];
        else if (child.words[0] === "script_user") shared.scriptUser = child.words[1];
        else if (!HAPAIR_GLOBALS.has(child.words[0] ?? ""))
          shared.globalExtra.push(...serializeStatements([child]));
      });
    } else if (keyword === "vrrp_script" && statement.children)
      shared.trackScripts.push(trackScript(statement, warnings, "vrrp.trackScripts", node.comments.scripts));
    else if (keyword === "vrrp_instance" && statement.children && instances++ === 0) {
      scriptsAbove = shared.trackScripts.length;
      importInstance(statement, result, "vrrp", tracks);
    }
    // Further instances (other VIP groups, a sync group's members) are kept as they are, per node.
    else if (keyword === "vrrp_instance") node.extraBlocks.push(serializeStatements([statement]));
    else shared.extraBlocks.push(serializeStatements([statement]));
  }
  resolveTracks(tracks, scriptsAbove, result);
  result.noInstance = instances === 0;
  return result;
}
