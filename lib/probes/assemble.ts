/** Turns the raw answers of one node poll into a NodeObservation. Pure. */
import type { NodeObservation } from "@/lib/status/observation";
import type { StatRow } from "./parse/haproxy-stat";
import type { MasterProc } from "./parse/master-proc";
import { vipsHeld } from "./parse/ip-addr";
import type { NodeFacts } from "./parse/node-facts";
import type { ProbeSpec } from "./probe-spec";
import type { ServerStateDump } from "@/lib/runtime-api/runtime-commands";

export interface RawNodePoll {
  node: string;
  at: Date;
  facts: NodeFacts;
  /** `show stat` rows, or the error that prevented reading them (socket missing, HAProxy down…). */
  stat: StatRow[] | Error;
  proc: MasterProc | Error | null;
  /** `show servers state`'s admin state per server; null (or an error) when not read: `show stat`'s status then stands alone. */
  adminStates?: ServerStateDump["servers"] | Error | null;
  /** How old the keepalived dump is at `at` (asked for at the previous answer); 0 or absent when read now. */
  vrrpAgeMs?: number;
}

export function assembleObservation(raw: RawNodePoll, spec: ProbeSpec): NodeObservation {
  const { facts } = raw;
  const instance = facts.keepalivedInstances[0];
  const hook = facts.keepalivedHook?.instances[0];
  const keepalivedRunning = facts.keepalivedPid !== null;
  const statRows = raw.stat instanceof Error ? null : raw.stat;
  const statOk = statRows !== null;
  const proc = raw.proc instanceof Error ? null : raw.proc;
  // Up means the runtime API answered: a master without a working admin socket (socket gone, worker
  // wedged) is reported down with the reason, which is what the operator must look at.
  const haproxyRunning = statOk;
  const checksums: Record<string, string> = {};
  const roleOf = (path: string) =>
    path === spec.haproxyConfigPath
      ? "haproxy.cfg"
      : path === spec.keepalivedConfigPath
        ? "keepalived.conf"
        : path;
  for (const [path, sum] of Object.entries(facts.checksums)) if (sum) checksums[roleOf(path)] = sum;
  const adminStates = raw.adminStates instanceof Error ? null : raw.adminStates;
  const adminStateOf = new Map(adminStates?.map((s) => [`${s.backend}/${s.server}`, s.adminState]));
  const errors = [raw.stat, raw.proc].filter((x): x is Error => x instanceof Error).map((e) => e.message);
  return {
    node: raw.node,
    at: raw.at.toISOString(),
    reachable: true,
    error: null,
    hostKey: "pinned",
    vipsHeld: vipsHeld(facts.interfaces, spec.vips),
    keepalived: {
      running: keepalivedRunning,
      // The JSON dump is read live from the process; the hook file may be stale, so it only fills gaps.
      state: keepalivedRunning ? (instance?.state ?? hook?.state ?? null) : null,
      priority: instance?.basePriority ?? hook?.priority ?? null,
      effectivePriority: instance?.effectivePriority ?? null,
      ...(instance && raw.vrrpAgeMs ? { stateAgeMs: raw.vrrpAgeMs } : {}),
    },
    haproxy: {
      running: haproxyRunning,
      masterPid: proc?.masterPid ?? facts.haproxyMasterPid,
      reloads: proc?.reloads ?? null,
      failedReloads: proc?.failedReloads ?? null,
      workerPids: proc?.workers.filter((w) => w.reloads === 0).map((w) => w.pid) ?? [],
      servers: statRows
        ? statRows
            .filter((row) => row.type === "server")
            .map((row) => {
              const adminState = adminStateOf.get(`${row.proxy}/${row.name}`);
              return {
                backend: row.proxy,
                server: row.name,
                status: row.status,
                checkStatus: row.checkStatus,
                sessions: row.currentSessions,
                weight: row.weight,
                ...(adminState ? { adminState } : {}),
              };
            })
        : [],
      error: errors.length > 0 ? errors.join("; ") : null,
    },
    nonlocalBind: facts.nonlocalBind,
    checksums,
  };
}

/** The observation recorded when the node could not be read at all. */
export function unreachableObservation(
  node: string,
  at: Date,
  error: string,
  hostKey: NodeObservation["hostKey"] = "pinned",
): NodeObservation {
  return {
    node,
    at: at.toISOString(),
    reachable: false,
    error,
    hostKey,
    vipsHeld: [],
    keepalived: null,
    haproxy: null,
    nonlocalBind: null,
    checksums: {},
  };
}
