/**
 * The agents process among others on one database: a row of its own that beats, and the cluster
 * leases it holds (rules: lib/leases/plan.ts; rows: lib/store/leases.ts). Each scan renews what it
 * holds (every LEASE_RENEW_MS), takes free or expired leases up to its share, and hands back its
 * excess when another process is live. It stops acting on its leases (`owns` turns false)
 * LEASE_FENCE_MARGIN_MS before anyone else could take them, if it could not renew them. A renewal that
 * comes late (the event loop or the database held up past the fence) but still finds a row owned by this
 * process proves nobody else owned it meanwhile (taking a row changes its owner, and only this process
 * writes its own name): the lease is kept, its work never torn down. Only what another process took, or
 * what stayed unrenewed for a lease time past the fence, is dropped and its listeners told.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { goneFromThisHost } from "@/lib/leases/local-process";
import { Observations, planLeases, processDead, type ProcessRow } from "@/lib/leases/plan";
import {
  beatProcess,
  claimLeases,
  markProcessStopped,
  pruneProcesses,
  releaseLeases,
  renewLeases,
  scanLeases,
} from "@/lib/store/leases";
import { LEASE_FENCE_MARGIN_MS, LEASE_RENEW_MS, LEASE_SCAN_MS, LEASE_TTL_MS } from "@/lib/timing";
import type { Coordination } from "./coordination";
import { localProcess, startTicksOf, type LocalProcess } from "./local-process";
import { startLoop, type LoopHandle } from "./loop";

export interface MembershipOptions {
  self?: string;
  ttlMs?: number;
  renewMs?: number;
  fenceMarginMs?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** This process's place and identity (default: read from /proc; null: none, others wait the lease time). */
  local?: LocalProcess | null;
  /** A PID's start time on this host now (default: /proc/PID/stat). */
  startTicksOf?: (pid: number) => string | null;
}

export interface Membership extends Coordination {
  /** One scan: beat and renew when due, then take, hand back or drop leases. */
  scan(): Promise<void>;
  /** The clusters held now. */
  held(): string[];
  /** Hands back every lease and marks this process stopped: call once its work has stopped. */
  leave(): Promise<void>;
}

const PRUNE_EVERY_SCANS = 600;
const PRUNE_AFTER_MS = 60 * 60_000;

export function createMembership(db: Database, options: MembershipOptions = {}): Membership {
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const renewMs = options.renewMs ?? LEASE_RENEW_MS;
  const marginMs = options.fenceMarginMs ?? LEASE_FENCE_MARGIN_MS;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(`[leases] pid=${process.pid} ${line}`));
  const self = options.self ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const local = options.local === undefined ? localProcess() : options.local;
  const ticksOf = options.startTicksOf ?? startTicksOf;
  const me = {
    id: self,
    pid: process.pid,
    host: local?.place.host ?? hostname(),
    identity: local?.identity ?? null,
    startedAt: new Date(now()),
  };
  const observations = new Observations();
  const held = new Map<string, number>();
  const listeners = new Set<() => void>();
  let known = new Map<string, ProcessRow>();
  let ownedUntil = 0;
  let lastRenew = Number.NEGATIVE_INFINITY;
  let scans = 0;
  let fenceTimer: NodeJS.Timeout | undefined;
  let dropTimer: NodeJS.Timeout | undefined;
  /** Past the fence: not acting (owns is false) until a renewal finds the rows still this process's. */
  let fenced = false;

  const notify = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        log(`a lease listener failed: ${errorMessage(error)}`);
      }
    }
  };
  const drop = (ids: Iterable<string>, why: string) => {
    const dropped = [...ids].filter((id) => held.delete(id));
    if (dropped.length === 0) return;
    log(`${why} ${dropped.join(",")} (${held.size} held)`);
    notify();
  };
  const timer = (run: () => void, at: number) => {
    const handle = setTimeout(run, Math.max(0, at - now()));
    handle.unref();
    return handle;
  };
  const fence = () => {
    if (fenced || held.size === 0) return;
    fenced = true;
    log(
      `not renewed in time: not acting on ${held.size} lease(s) until a renewal finds them still this process's`,
    );
    // Another live process takes them a lease time after the last renewal: by then they are gone.
    clearTimeout(dropTimer);
    dropTimer = timer(
      () => drop([...held.keys()], "not renewed for a lease time, stopped"),
      ownedUntil + ttlMs,
    );
  };
  const ownUntil = (at: number) => {
    fenced = false;
    ownedUntil = at + ttlMs - marginMs;
    clearTimeout(fenceTimer);
    clearTimeout(dropTimer);
    fenceTimer = timer(fence, ownedUntil);
  };

  const scan = async () => {
    scans += 1;
    if (held.size > 0 && now() >= ownedUntil) fence();
    const started = now();
    /** Set when some held row was not renewed: owned again only once the plan below dropped those. */
    let renewedAt: number | null = null;
    if (started - lastRenew >= renewMs) {
      await beatProcess(db, me, new Date(started));
      const renewed = await renewLeases(db, [...held.keys()], self, new Date(started), ttlMs);
      lastRenew = started;
      if (held.size > 0 && renewed === held.size) {
        if (fenced)
          log(`renewed late, every one of ${held.size} lease(s) still this process's: acting again`);
        ownUntil(started);
      } else if (held.size > 0) renewedAt = started;
    }
    const seen = await scanLeases(db);
    // A process of this host found gone (a restart's own predecessor) is dead now, not a lease time later.
    const processes = seen.processes.map((row) => ({
      ...row,
      goneHere:
        row.id !== self && !row.stopped && local !== null && goneFromThisHost(row, local.place, ticksOf),
    }));
    known = new Map(processes.map((row) => [row.id, row]));
    const plan = planLeases({ self, now: now(), ttlMs, ...seen, processes, held, observations });
    drop(plan.lost, "lost");
    // What is held now is what the renewal found owned by this process (nobody else writes its name).
    if (renewedAt !== null && held.size > 0) ownUntil(renewedAt);
    if (plan.release.length > 0) {
      drop(plan.release, `handing back (share ${plan.cap} with ${plan.live} live)`);
      await releaseLeases(db, self, new Date(now()), plan.release);
    }
    const took: string[] = [];
    const claim = (clusterId: string, won: boolean, version: number, at: number) => {
      if (!won) return;
      if (held.size === 0) ownUntil(at);
      held.set(clusterId, version);
      took.push(clusterId);
    };
    // In one batch per kind (not a statement per row): taking 500 leases must end well within the lease.
    // One time for both kinds: the rows' expiry and this process's count of its leases start from it.
    const claimedAt = now();
    const { created, taken } = await claimLeases(db, plan, self, new Date(claimedAt), ttlMs);
    plan.create.forEach((clusterId, i) => claim(clusterId, created[i] === true, 1, claimedAt));
    plan.take.forEach((row, i) => claim(row.clusterId, taken[i] === true, row.version + 1, claimedAt));
    if (took.length > 0) {
      log(`took ${took.join(",")} (${held.size} held, share ${plan.cap} with ${plan.live} live)`);
      notify();
    }
    if (scans % PRUNE_EVERY_SCANS === 0) await pruneProcesses(db, new Date(now() - PRUNE_AFTER_MS));
  };

  return {
    self,
    owns: (clusterId) => held.has(clusterId) && now() < ownedUntil,
    isDead: (owner) =>
      owner === null
        ? true
        : owner === self
          ? false
          : processDead(observations, known.get(owner), owner, now(), ttlMs),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    scan,
    held: () => [...held.keys()],
    async leave() {
      clearTimeout(fenceTimer);
      clearTimeout(dropTimer);
      drop([...held.keys()], "handing back");
      const at = new Date(now());
      await releaseLeases(db, self, at);
      await markProcessStopped(db, self, at);
    },
  };
}

/** The membership and its scan loop (every LEASE_SCAN_MS, the first at once). */
export function startMembership(
  db: Database,
  options: MembershipOptions = {},
): { membership: Membership; loop: LoopHandle } {
  const membership = createMembership(db, options);
  const loop = startLoop({
    name: "leases",
    intervalMs: LEASE_SCAN_MS,
    timeoutMs: LEASE_SCAN_MS - 100,
    startJitterMs: 0,
    run: () => membership.scan(),
  });
  return { membership, loop };
}
