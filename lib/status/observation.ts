/** What one poll of one node saw: plain data, written by the poller, read by rules and the UI. */
import type { AdvertWindow, SegmentView } from "./segment";

export type VrrpState = "INIT" | "BACKUP" | "MASTER" | "FAULT" | "STOP";

export interface ServerObservation {
  backend: string;
  server: string;
  /** HAProxy's status string: UP, "UP 1/3", DOWN, DRAIN, MAINT, "no check", … */
  status: string;
  checkStatus: string | null;
  sessions: number;
  /** The weight `show stat` reports (the runtime weight, `set weight` included); absent in rows polled before it was kept. */
  weight?: number | null;
  /**
   * The admin state `show servers state` reports: `show stat` says DOWN for a drained or maintained
   * server whose checks fail, so only this tells a drain on one node of two dead servers. Absent: not read.
   */
  adminState?: "READY" | "DRAIN" | "MAINT";
}

export interface NodeObservation {
  node: string;
  /** ISO time the poll finished. */
  at: string;
  reachable: boolean;
  /** Why the node could not be read (connect error, host key refused, …). */
  error: string | null;
  hostKey: "pinned" | "unknown" | "mismatch";
  vipsHeld: string[];
  keepalived: {
    running: boolean;
    state: VrrpState | null;
    priority: number | null;
    effectivePriority: number | null;
    /** How much older the VRRP state is than `at` (the probe reads keepalived's dump asked for one poll ahead); absent: read with the rest. */
    stateAgeMs?: number;
  } | null;
  haproxy: {
    running: boolean;
    masterPid: number | null;
    reloads: number | null;
    failedReloads: number | null;
    workerPids: number[];
    servers: ServerObservation[];
    error: string | null;
  } | null;
  nonlocalBind: boolean | null;
  /** sha256 of deployed files by role: "haproxy.cfg", "keepalived.conf", and certificate paths. */
  checksums: Record<string, string>;
  /** The VRRP speakers its capture saw lately (absent: no capture on this node). */
  segment?: SegmentView;
  /** keepalived's advert counters over recent spans; stored beside the state (the row's `adverts` column). */
  adverts?: AdvertWindow[];
}
