/** Parses the sectioned output of `lib/probes/node-facts.sh`. Pure. */
import { parseIpAddrJson, type InterfaceAddresses } from "./ip-addr";
import { parseKeepalivedJson, type KeepalivedInstance } from "./keepalived-json";
import { parseKeepalivedStateFile, type KeepalivedHookState } from "./keepalived-state";
import { errorMessage } from "@/lib/error-message";

/** HAProxy's answer to one socket command, read on the node, or why it could not be. */
export type SocketAnswer = { text: string } | { error: string };

export interface NodeFacts {
  interfaces: InterfaceAddresses[];
  nonlocalBind: boolean | null;
  haproxyMasterPid: number | null;
  keepalivedPid: number | null;
  /** From the notify hook hapair installs (absent on nodes not yet managed by hapair). */
  keepalivedHook: KeepalivedHookState | null;
  /** From keepalived's JSON dump (secrets dropped while parsing). */
  keepalivedInstances: KeepalivedInstance[];
  /** When the dump was asked for: with this answer, or at the end of the previous one (so it is that old). */
  keepalivedJsonAsked: "now" | "previous" | null;
  /** Unix socket paths the probe was given that do not exist on the node. */
  missingSockets: string[];
  /**
   * `show stat` and `show proc`, when the probe read the sockets itself (socat on the node), and
   * `show servers state` reduced to names and admin state (null: not in the answer).
   */
  socketsOnNode: { stat: SocketAnswer; proc: SocketAnswer; serversState: string | null } | null;
  /** path → sha256, or null when the file is missing. */
  checksums: Record<string, string | null>;
  problems: string[];
}

export function splitSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("@@")) {
      if (current !== null) sections.set(current, lines.join("\n").trim());
      current = line.slice(2).trim();
      lines = [];
    } else if (current !== null) {
      lines.push(line);
    }
  }
  if (current !== null) sections.set(current, lines.join("\n").trim());
  return sections;
}

export function parseNodeFacts(text: string): NodeFacts {
  const sections = splitSections(text);
  if (!sections.has("end")) throw new Error("node probe output is truncated (no @@end)");
  const problems: string[] = [];
  const attempt = <T>(label: string, fallback: T, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      problems.push(`${label}: ${errorMessage(error)}`);
      return fallback;
    }
  };
  const section = (name: string) => sections.get(name) ?? "";
  const interfaces = attempt("ip addr", [] as InterfaceAddresses[], () => parseIpAddrJson(section("ip")));
  const nonlocal = section("nonlocal_bind");
  const jsonText = section("keepalived_json");
  return {
    interfaces,
    nonlocalBind: nonlocal === "1" ? true : nonlocal === "0" ? false : null,
    haproxyMasterPid: toPid(section("haproxy_master")),
    keepalivedPid: toPid(section("keepalived_pid")),
    keepalivedHook: section("keepalived_state")
      ? attempt("keepalived hook state", null, () => parseKeepalivedStateFile(section("keepalived_state")))
      : null,
    keepalivedInstances: jsonText
      ? attempt("keepalived json", [] as KeepalivedInstance[], () => parseKeepalivedJson(jsonText))
      : [],
    keepalivedJsonAsked:
      section("keepalived_json_asked") === "previous"
        ? "previous"
        : section("keepalived_json_asked") === "now"
          ? "now"
          : null,
    missingSockets: section("sockets")
      .split("\n")
      .filter((line) => line.startsWith("missing "))
      .map((line) => line.slice("missing ".length)),
    socketsOnNode: socketAnswers(sections),
    checksums: parseChecksums(section("checksums")),
    problems,
  };
}

function socketAnswers(sections: Map<string, string>): NodeFacts["socketsOnNode"] {
  const answer = (name: string): SocketAnswer | null => {
    const text = sections.get(name);
    if (text !== undefined) return { text };
    const error = sections.get(`${name}_error`);
    return error === undefined ? null : { error: error || `${name}: no answer` };
  };
  const stat = answer("stat");
  const proc = answer("proc");
  return stat && proc ? { stat, proc, serversState: sections.get("servers_state") ?? null } : null;
}

function toPid(text: string): number | null {
  const first = text.split(/\s+/)[0] ?? "";
  return /^\d+$/.test(first) ? Number(first) : null;
}

function parseChecksums(text: string): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]{64}|missing)\s+\*?(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) result[match[2]] = match[1] === "missing" ? null : match[1];
  }
  return result;
}
