/**
 * The I/O around lib/leases/local-process.ts: this process's identity and place, read from /proc
 * (null off Linux, or when /proc cannot be read: then other processes wait the lease time as before),
 * and a PID's start time now.
 */
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import {
  formatIdentity,
  liveStartTicksFromStat,
  type LocalPlace,
  type ProcessIdentity,
} from "@/lib/leases/local-process";

function readStartTicks(pid: number | "self"): string | null {
  try {
    return liveStartTicksFromStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/** The start time of `pid` on this host now; null when there is no such live process here. */
export function startTicksOf(pid: number): string | null {
  return readStartTicks(pid);
}

export interface LocalProcess {
  place: LocalPlace;
  /** This process's identity, recorded in its AgentProcess row. */
  identity: string;
}

export function localProcess(): LocalProcess | null {
  try {
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const pidNamespace = readlinkSync("/proc/self/ns/pid");
    const uid = process.getuid?.();
    const startTicks = readStartTicks("self");
    if (!bootId || uid === undefined || startTicks === null) return null;
    const identity: ProcessIdentity = { bootId, pidNamespace, uid, startTicks };
    return { place: { host: hostname(), bootId, pidNamespace, uid }, identity: formatIdentity(identity) };
  } catch {
    return null;
  }
}
