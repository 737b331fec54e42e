/**
 * Cluster leases between agents processes, as pure rules over what a scan read (the loop around them:
 * agents/runtime/membership.ts). Expiry is judged the way Kubernetes' leader election does: a lease
 * (or a process's heartbeat) is dead when its version has not moved for the lease time *as seen on the
 * reader's own clock*, so hosts whose clocks disagree never take a live lease early.
 */

/** When each watched value was first seen as it is now, on the watcher's clock. */
export class Observations {
  private readonly seen = new Map<string, { value: string; at: number }>();

  /** Records `value` for `key` at `now`; the time it was first seen unchanged. */
  note(key: string, value: string, now: number): number {
    const before = this.seen.get(key);
    if (before && before.value === value) return before.at;
    this.seen.set(key, { value, at: now });
    return now;
  }

  /** Whether `key` has held `value` for at least `ttlMs` (noting it first when it is new or changed). */
  stale(key: string, value: string, now: number, ttlMs: number): boolean {
    return now - this.note(key, value, now) >= ttlMs;
  }

  forget(keep: (key: string) => boolean): void {
    for (const key of this.seen.keys()) if (!keep(key)) this.seen.delete(key);
  }
}

export interface LeaseRow {
  clusterId: string;
  owner: string | null;
  version: number;
}

export interface ProcessRow {
  id: string;
  beats: number;
  stopped: boolean;
  /** Known gone by a reader on its own host (local-process.ts): dead at once, like a stopped one. */
  goneHere?: boolean;
}

/** Each live process takes at most its share, so a second process always finds work left (and the first hands over its excess). */
export function leaseCap(clusters: number, liveProcesses: number): number {
  return Math.ceil(clusters / Math.max(1, liveProcesses));
}

export function processKey(id: string): string {
  return `process:${id}`;
}

/** A process is dead once stopped or gone from the reader's host, or when its beat count (or its row's absence) stood still for the lease time. */
export function processDead(
  observations: Observations,
  row: ProcessRow | undefined,
  id: string,
  now: number,
  ttlMs: number,
): boolean {
  if (row?.stopped || row?.goneHere) return true;
  return observations.stale(processKey(id), row ? String(row.beats) : "absent", now, ttlMs);
}

export interface LeasePlanInput {
  self: string;
  now: number;
  ttlMs: number;
  clusterIds: readonly string[];
  leases: readonly LeaseRow[];
  processes: readonly ProcessRow[];
  /** The leases this process holds (cluster id → version it last wrote). */
  held: ReadonlyMap<string, number>;
  observations: Observations;
}

export interface LeasePlan {
  /** Held leases that are no longer this process's (taken over, or their cluster is gone). */
  lost: string[];
  /** Held leases to hand back: more than this process's share now that others are live. */
  release: string[];
  /** Rows to take with a conditional update on the owner and version read (unowned first). */
  take: LeaseRow[];
  /** Clusters without a lease row yet: created owned by this process. */
  create: string[];
  live: number;
  cap: number;
}

export function planLeases(input: LeasePlanInput): LeasePlan {
  const { self, now, ttlMs, observations } = input;
  const clusters = new Set(input.clusterIds);
  const rows = new Map(input.leases.map((row) => [row.clusterId, row]));
  const processes = new Map(input.processes.map((row) => [row.id, row]));
  const live =
    1 +
    input.processes.filter((row) => row.id !== self && !processDead(observations, row, row.id, now, ttlMs))
      .length;
  const cap = leaseCap(clusters.size, live);

  const lost = [...input.held.keys()].filter((id) => !clusters.has(id) || rows.get(id)?.owner !== self);
  const kept = input.held.size - lost.length;
  const release = [...input.held.keys()]
    .filter((id) => !lost.includes(id))
    .sort()
    .slice(0, Math.max(0, kept - cap));

  const free: LeaseRow[] = [];
  const create: string[] = [];
  for (const clusterId of [...clusters].sort()) {
    if (input.held.has(clusterId)) continue;
    const row = rows.get(clusterId);
    if (!row) {
      create.push(clusterId);
      continue;
    }
    const key = `lease:${clusterId}`;
    const expired = observations.stale(key, `${row.owner}:${row.version}`, now, ttlMs);
    const owner = row.owner === null ? undefined : processes.get(row.owner);
    const ownerGone =
      row.owner === null ||
      row.owner === self ||
      owner?.stopped === true ||
      owner?.goneHere === true ||
      expired;
    if (ownerGone) free.push(row);
  }
  observations.forget(
    (key) =>
      (key.startsWith("lease:") && clusters.has(key.slice("lease:".length))) || key.startsWith("process:"),
  );
  // Unowned rows first: they cost nobody anything; then expired ones, oldest cluster id first.
  free.sort((a, b) => Number(a.owner !== null) - Number(b.owner !== null));
  const room = Math.max(0, cap - kept);
  const creating = create.slice(0, room);
  const take = free.slice(0, room - creating.length);
  return { lost, release, take, create: creating, live, cap };
}
