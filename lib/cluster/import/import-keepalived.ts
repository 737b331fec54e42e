/**
 * Maps one node's keepalived.conf onto the model: shared VRRP settings, track scripts and raw blocks,
 * plus that node's own fields (router_id, role, priority, address). Pure.
 */
import type { FieldIssue } from "../rules/types";
import { parseKeepalivedConf, serializeStatements, unquote, type KeepalivedStatement } from "./keepalived-tokens";

export interface ImportedKeepalived {
  node: { routerId?: string; role?: string; priority?: number; address?: string; peer?: string };
  shared: {
    instanceName?: string;
    interface?: string;
    virtualRouterId?: number;
    advertInt?: number;
    authPass?: string;
    mode: "unicast" | "multicast";
    nopreempt: boolean;
    preemptDelay?: number;
    trackScripts: { name: string; script: string; interval?: number; weight?: number; fall?: number; rise?: number; timeout?: number }[];
    vips: { address: string; prefix: number; interface: string }[];
    extra: string[];
    scriptUser?: string;
    globalExtra: string[];
    extraBlocks: string[][];
  };
  warnings: FieldIssue[];
}

const num = (word: string | undefined): number | undefined => (word && /^-?\d+$/.test(word) ? Number(word) : undefined);

/** Lines hapair renders itself, so an imported copy would be a duplicate. */
const HAPAIR_GLOBALS = new Set(["router_id", "enable_script_security", "script_user", "reload_check_config"]);

function trackScript(statement: KeepalivedStatement, warnings: FieldIssue[], path: string): ImportedKeepalived["shared"]["trackScripts"][number] {
  const script: ImportedKeepalived["shared"]["trackScripts"][number] = { name: statement.words[1] ?? "", script: "" };
  for (const child of statement.children ?? []) {
    const [key, value] = child.words;
    if (key === "script") script.script = unquote(child.words.slice(1).join(" "));
    else if ((key === "interval" || key === "weight" || key === "fall" || key === "rise" || key === "timeout") && num(value) !== undefined && child.words.length === 2) script[key] = num(value);
    else warnings.push({ path, message: `line ${child.line}: "${child.words.join(" ")}" in vrrp_script ${script.name} is not supported and was dropped` });
  }
  return script;
}

function vipLine(words: string[], fallbackInterface: string | undefined): ImportedKeepalived["shared"]["vips"][number] | null {
  const m = /^([\d.]+)(?:\/(\d{1,2}))?$/.exec(words[0] ?? "");
  if (!m) return null;
  const devIndex = words.indexOf("dev");
  if (words.length !== (devIndex === -1 ? 1 : 3) || (devIndex !== -1 && devIndex !== 1)) return null;
  return { address: m[1] ?? "", prefix: Number(m[2] ?? 32), interface: devIndex === 1 ? words[2] ?? "" : fallbackInterface ?? "" };
}

function importInstance(statement: KeepalivedStatement, result: ImportedKeepalived, path: string): void {
  const { shared, node, warnings } = result;
  shared.instanceName = statement.words[1];
  const children = statement.children ?? [];
  const iface = children.find((c) => c.words[0] === "interface")?.words[1];
  for (const child of children) {
    const [key = "", value] = child.words;
    const single = child.words.length === 2 && !child.children;
    if (key === "state" && single) node.role = value;
    else if (key === "interface" && single) shared.interface = value;
    else if (key === "virtual_router_id" && single) shared.virtualRouterId = num(value);
    else if (key === "priority" && single) node.priority = num(value);
    else if (key === "advert_int" && single) shared.advertInt = num(value);
    else if (key === "nopreempt" && child.words.length === 1) shared.nopreempt = true;
    else if (key === "preempt_delay" && single) shared.preemptDelay = num(value);
    else if (key === "unicast_src_ip" && single) { node.address = value; shared.mode = "unicast"; }
    else if (key === "unicast_peer" && child.children?.length === 1 && child.children[0]?.words.length === 1) { node.peer = child.children[0]?.words[0]; shared.mode = "unicast"; }
    else if (key === "authentication" && child.children) {
      for (const auth of child.children) {
        if (auth.words[0] === "auth_pass") shared.authPass = auth.words.slice(1).join(" ");
        else if (!(auth.words[0] === "auth_type" && auth.words[1] === "PASS")) warnings.push({ path: `${path}.authentication`, message: `line ${auth.line}: only PASS authentication is supported; "${auth.words.join(" ")}" was dropped` });
      }
    } else if (key === "virtual_ipaddress" && child.children) {
      for (const vip of child.children) {
        const parsed = vipLine(vip.words, iface);
        if (parsed) shared.vips.push(parsed);
        else warnings.push({ path: "vips", message: `line ${vip.line}: VIP "${vip.words.join(" ")}" has options hapair does not model and was dropped` });
      }
    } else if (key === "track_script" && child.children) {
      for (const tracked of child.children) {
        if (tracked.words.length > 1) warnings.push({ path: "vrrp.trackScripts", message: `line ${tracked.line}: per-instance override "${tracked.words.join(" ")}" was dropped; the script's own weight applies` });
      }
    } else if (/^notify/.test(key)) {
      warnings.push({ path: "vrrp", message: `line ${child.line}: "${child.words.join(" ")}" replaced by hapair's own state hook` });
    } else shared.extra.push(...serializeStatements([child]));
  }
}

export function importKeepalivedConf(text: string): ImportedKeepalived {
  const result: ImportedKeepalived = {
    node: {},
    shared: { mode: "multicast", nopreempt: false, trackScripts: [], vips: [], extra: [], globalExtra: [], extraBlocks: [] },
    warnings: [],
  };
  const { shared, node, warnings } = result;
  let instances = 0;
  for (const statement of parseKeepalivedConf(text)) {
    const [keyword] = statement.words;
    if (keyword === "global_defs") {
      for (const child of statement.children ?? []) {
        if (child.words[0] === "router_id") node.routerId = child.words[1];
        else if (child.words[0] === "script_user") shared.scriptUser = child.words[1];
        else if (!HAPAIR_GLOBALS.has(child.words[0] ?? "")) shared.globalExtra.push(...serializeStatements([child]));
      }
    } else if (keyword === "vrrp_script" && statement.children) shared.trackScripts.push(trackScript(statement, warnings, "vrrp.trackScripts"));
    else if (keyword === "vrrp_instance" && statement.children && instances++ === 0) importInstance(statement, result, "vrrp");
    else if (keyword === "vrrp_instance") warnings.push({ path: "vrrp", message: `line ${statement.line}: only one vrrp_instance per cluster; ${statement.words[1] ?? ""} was dropped` });
    else shared.extraBlocks.push(serializeStatements([statement]));
  }
  if (instances === 0) warnings.push({ path: "vrrp", message: "no vrrp_instance found" });
  return result;
}
