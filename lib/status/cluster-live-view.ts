import type { ClusterStatus } from "./cluster-status";
import type { DeclaredServers } from "./declared-servers";
import type { NodeObservation } from "./observation";
import type { VridSpeakers } from "./segment-speakers";
import type { ArpView } from "./arp-truth-view";

/** The live view of one cluster, as `GET /api/clusters/:id/live` returns it. */
export interface ClusterLive {
  id: string;
  name: string;
  vips: string[];
  status: ClusterStatus;
  nodes: LiveNode[];
  /** The backend servers the definition declares; the backends table lists others once as unknown on node. */
  declaredServers: DeclaredServers;
  events: LiveEvent[];
  /** The definition's track scripts and the weight each applies (the instance's over the script's). */
  trackScripts: { name: string; weight: number }[];
  virtualRouterId: number;
  /** The VRRP speakers the nodes' captures see on the segment, per VRID (ours first). */
  segment: VridSpeakers[];
  /** The newest ARP truth reading and the open stale-arp incidents (null: no `arpCheck`, or no reading yet). */
  arp: ArpView | null;
  at: string;
}

export interface LiveNode {
  id: string;
  name: string;
  role: "MASTER" | "BACKUP";
  address: string;
  hostKeyStatus: string;
  /** The key an operator accepted (or the definition pinned): the first one seen and trusted. */
  hostKeyFingerprint: string | null;
  /** The key the node presented when it was not accepted yet, or differed from the pinned one. */
  seenHostKeyFingerprint: string | null;
  observation: NodeObservation | null;
}

export interface LiveEvent {
  id: number;
  at: string;
  kind: string;
  message: string;
}
