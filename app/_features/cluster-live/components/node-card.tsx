import type { LiveNode } from "@/lib/status/cluster-live-view";
import { HostKeyNotice } from "./host-key-notice";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right font-mono text-xs">{children}</dd>
    </div>
  );
}

export function NodeCard({
  clusterId,
  node,
  holdsVip,
  peerChecksums,
}: {
  clusterId: string;
  node: LiveNode;
  holdsVip: boolean;
  peerChecksums: Record<string, string> | null;
}) {
  const o = node.observation;
  const unreachable = !o || !o.reachable;
  return (
    <article
      data-testid={`node-card-${node.name}`}
      className={`rounded-lg border bg-white p-4 shadow-sm ${holdsVip ? "border-emerald-400" : "border-slate-200"}`}
    >
      <header className="mb-2 flex items-center justify-between">
        <h3 className="font-semibold">
          {node.name} <span className="font-normal text-slate-500">{node.address}</span>
        </h3>
        {holdsVip && (
          <span
            data-testid="vip-holder-badge"
            className="rounded bg-emerald-600 px-2 py-0.5 text-xs font-semibold text-white"
          >
            VIP
          </span>
        )}
      </header>
      <HostKeyNotice clusterId={clusterId} node={node} />
      <dl className="divide-y divide-slate-100 text-sm">
        <Row label="Reachability">
          <span data-testid="node-reachability" className={unreachable ? "text-red-700" : "text-emerald-700"}>
            {unreachable ? "unreachable" : "reachable"}
          </span>
          {unreachable && o?.error && (
            <span className="block whitespace-normal break-all text-red-700">{o.error}</span>
          )}
        </Row>
        <Row label="VRRP state">
          <span data-testid="node-vrrp-state">
            {o?.keepalived?.running ? (o.keepalived.state ?? "?") : "keepalived down"}
          </span>
          {o?.keepalived?.effectivePriority != null &&
            ` · prio ${o.keepalived.effectivePriority}/${o.keepalived.priority ?? "?"}`}
        </Row>
        <Row label="HAProxy">
          <span data-testid="node-haproxy">
            {o?.haproxy?.running ? (
              `master ${o.haproxy.masterPid ?? "?"} · workers ${o.haproxy.workerPids.join(",") || "?"} · reloads ${o.haproxy.reloads ?? "?"}${o.haproxy.failedReloads ? ` (${o.haproxy.failedReloads} failed)` : ""}`
            ) : (
              <span className="text-red-700">down{o?.haproxy?.error ? `: ${o.haproxy.error}` : ""}</span>
            )}
          </span>
        </Row>
        <Row label="ip_nonlocal_bind">
          {o?.nonlocalBind == null ? "?" : o.nonlocalBind ? "1" : <span className="text-red-700">0</span>}
        </Row>
        {Object.entries(o?.checksums ?? {}).map(([file, sum]) => (
          <Row key={file} label={file}>
            {sum.slice(0, 12)}
            {peerChecksums &&
              file !== "keepalived.conf" &&
              peerChecksums[file] !== undefined &&
              (peerChecksums[file] === sum ? " ✓ same" : <span className="text-red-700"> ≠ peer</span>)}
          </Row>
        ))}
        <Row label="Observed">{o ? new Date(o.at).toLocaleTimeString() : "never"}</Row>
      </dl>
    </article>
  );
}
