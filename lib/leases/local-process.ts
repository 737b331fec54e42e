/**
 * Whether another agents process on this very host is gone, judged at once instead of after the lease
 * time (a restarted agents process would otherwise wait ~6 s for its own dead predecessor). Each
 * process records its identity: the kernel's boot id, its PID namespace, its uid and its start time
 * (field 22 of /proc/PID/stat, clock ticks since boot). A reader that shares boot, namespace and uid
 * can look the PID up itself: absent, or present with another start time (the PID was recycled), the
 * recorded process is gone. Anything else (another host, a name two machines share, other namespaces,
 * another uid that hidepid may hide, no identity) is unknown here and waits the lease time.
 */

export interface ProcessIdentity {
  bootId: string;
  pidNamespace: string;
  uid: number;
  startTicks: string;
}

export interface RecordedProcess {
  host: string;
  pid: number;
  identity: string | null;
}

export interface LocalPlace {
  host: string;
  bootId: string;
  pidNamespace: string;
  uid: number;
}

const TOKEN = /^[\w:[\]-]+$/;

export function formatIdentity(identity: ProcessIdentity): string {
  const { bootId, pidNamespace, uid, startTicks } = identity;
  return `${bootId} ${pidNamespace} ${uid} ${startTicks}`;
}

export function parseIdentity(text: string | null): ProcessIdentity | null {
  const parts = text?.split(" ") ?? [];
  const [bootId, pidNamespace, uid, startTicks] = parts;
  if (parts.length !== 4 || !bootId || !pidNamespace || !uid || !startTicks) return null;
  if (!TOKEN.test(bootId) || !TOKEN.test(pidNamespace) || !/^\d+$/.test(uid) || !/^\d+$/.test(startTicks))
    return null;
  return { bootId, pidNamespace, uid: Number(uid), startTicks };
}

/**
 * The start time (field 22) from /proc/PID/stat's text, null for a zombie (killed, not yet reaped: gone
 * all the same) or text that does not parse. The command name (field 2) may hold spaces and parentheses.
 */
export function liveStartTicksFromStat(stat: string): string | null {
  const close = stat.lastIndexOf(")");
  if (close < 0) return null;
  // Fields after the name start at field 3 (state); the start time is field 22.
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const [state] = fields;
  const ticks = fields[22 - 3];
  if (state === "Z" || state === "X" || !ticks || !/^\d+$/.test(ticks)) return null;
  return ticks;
}

/**
 * True when `recorded` is known gone from here. `startTicksOf(pid)`: the start time of that PID on
 * this host now, null when there is no such live process.
 */
export function goneFromThisHost(
  recorded: RecordedProcess,
  here: LocalPlace,
  startTicksOf: (pid: number) => string | null,
): boolean {
  const identity = parseIdentity(recorded.identity);
  if (!identity || recorded.host !== here.host) return false;
  if (identity.bootId !== here.bootId || identity.pidNamespace !== here.pidNamespace) return false;
  if (identity.uid !== here.uid || !Number.isInteger(recorded.pid) || recorded.pid <= 0) return false;
  return startTicksOf(recorded.pid) !== identity.startTicks;
}
