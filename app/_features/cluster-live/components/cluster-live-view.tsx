"use client";

import { CertificatesPanel } from "@/app/_features/certificates/components/certificates-panel";
import { DrillPanel } from "@/app/_features/drills/components/drill-panel";
import { RolloutPanel } from "@/app/_features/rollouts/components/rollout-panel";
import { useClusterLive } from "../hooks/use-cluster-live";
import { useServerActions } from "../hooks/use-server-actions";
import { ActionLog } from "./action-log";
import { BackendsTable } from "./backends-table";
import { EventTimeline } from "./event-timeline";
import { HealthBadge } from "./health-badge";
import { NodeCard } from "./node-card";
import { PairPicture } from "./pair-picture";
import { SegmentSpeakers } from "./segment-speakers";
import { ArpTruthPanel } from "./arp-truth";
import { TrafficCharts } from "./traffic-charts";
import { useLiveEvents } from "@/app/_features/live-events/hooks/use-live-events";

export function ClusterLiveView({ clusterId }: { clusterId: string }) {
  useLiveEvents();
  const { data, error, isPending } = useClusterLive(clusterId);
  const actions = useServerActions(clusterId).data ?? [];
  if (isPending) return <p className="text-sm text-slate-500">Loading live state…</p>;
  if (error) return <p className="text-sm text-red-700">Live state unavailable: {error.message}</p>;
  const [a, b] = data.nodes;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{data.name}</h1>
        <HealthBadge health={data.status.health} />
        <span className="text-sm text-slate-600">
          VIP {data.vips.join(", ")} on <strong data-testid="vip-holder">{data.status.holder ?? "—"}</strong>
        </span>
      </header>
      {data.status.reasons.length > 0 && (
        <ul
          className="list-inside list-disc rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="status-reasons"
        >
          {data.status.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <PairPicture live={data} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Traffic</h2>
        <TrafficCharts clusterId={clusterId} />
      </section>
      <section className="grid gap-4 md:grid-cols-2">
        {data.nodes.map((node) => {
          const peer = node === a ? b : a;
          return (
            <NodeCard
              key={node.id}
              clusterId={clusterId}
              node={node}
              holdsVip={
                (node.observation?.reachable ?? false) && (node.observation?.vipsHeld.length ?? 0) > 0
              }
              peerChecksums={peer?.observation?.checksums ?? null}
            />
          );
        })}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Rollouts</h2>
        <RolloutPanel clusterId={clusterId} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Drills</h2>
        <DrillPanel clusterId={clusterId} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Certificates</h2>
        <CertificatesPanel clusterId={clusterId} nodes={data.nodes.map((n) => n.name)} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Backends</h2>
        <BackendsTable
          clusterId={clusterId}
          nodes={data.nodes}
          declared={data.declaredServers}
          actions={actions}
        />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">VRRP speakers per VRID</h2>
        <SegmentSpeakers segment={data.segment} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">ARP for the VIP</h2>
        <ArpTruthPanel arp={data.arp} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Server actions</h2>
        <ActionLog actions={actions.slice(0, 10)} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Timeline</h2>
        <EventTimeline events={data.events} />
      </section>
    </div>
  );
}
