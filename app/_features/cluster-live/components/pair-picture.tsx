import type { ClusterLive, LiveNode } from "@/lib/status/cluster-live-view";
import { trackScriptStatuses, type TrackScriptStatus } from "@/lib/status/track-scripts";

/**
 * The pair at a glance, from across the room: two large nodes side by side, the VIP drawn on its
 * holder, each node's VRRP state in its colour, base and effective priority, each track script's
 * status and the last VIP move. Every colour comes with its word, for colour-blind readers and
 * screen readers.
 */
const STATE_STYLE: Record<string, string> = {
  MASTER: "border-emerald-500 bg-emerald-50 text-emerald-900",
  BACKUP: "border-sky-400 bg-sky-50 text-sky-900",
  FAULT: "border-red-500 bg-red-50 text-red-900",
};
const DOWN_STYLE = "border-slate-400 bg-slate-100 text-slate-700";
const SCRIPT_STYLE: Record<TrackScriptStatus, { mark: string; className: string }> = {
  ok: { mark: "✓", className: "text-emerald-700" },
  failing: { mark: "✗", className: "text-red-700 font-semibold" },
  unknown: { mark: "?", className: "text-slate-500" },
};

function stateOf(node: LiveNode): string {
  const o = node.observation;
  if (!o?.reachable) return "UNREACHABLE";
  if (!o.keepalived?.running) return "KEEPALIVED DOWN";
  return o.keepalived.state ?? "UNKNOWN";
}

function PictureNode({ node, live }: { node: LiveNode; live: ClusterLive }) {
  const o = node.observation;
  const state = stateOf(node);
  const holds = (o?.reachable ?? false) && (o?.vipsHeld.length ?? 0) > 0;
  const scripts = trackScriptStatuses(
    live.trackScripts,
    o?.reachable && o.keepalived
      ? { state: o.keepalived.state, base: o.keepalived.priority, effective: o.keepalived.effectivePriority }
      : null,
  );
  return (
    <div
      data-testid={`pair-node-${node.name}`}
      data-holder={holds ? "true" : "false"}
      aria-label={`${node.name}: ${state}${holds ? ", holds the VIP" : ""}`}
      className={`flex-1 rounded-xl border-4 p-4 ${STATE_STYLE[state] ?? DOWN_STYLE}`}
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-2xl font-bold">{node.name}</span>
        <span className="font-mono text-sm opacity-75">{node.address}</span>
      </div>
      <div className="mt-1 text-3xl font-black tracking-wide" data-testid="pair-node-state">
        {state}
      </div>
      <div className="mt-1 text-lg">
        priority <strong>{o?.keepalived?.effectivePriority ?? "—"}</strong>
        <span className="opacity-75"> effective · {o?.keepalived?.priority ?? "—"} base</span>
      </div>
      <div className="mt-3 min-h-12">
        {holds && (
          <span
            data-testid="pair-vip"
            className="inline-block rounded-full bg-emerald-600 px-4 py-2 text-xl font-bold text-white shadow"
          >
            VIP {o?.vipsHeld.join(", ")}
          </span>
        )}
      </div>
      {scripts.length > 0 && (
        <ul className="mt-3 space-y-0.5 text-base" aria-label={`${node.name} track scripts`}>
          {scripts.map((script) => (
            <li key={script.name} className={SCRIPT_STYLE[script.status].className}>
              <span aria-hidden="true">{SCRIPT_STYLE[script.status].mark}</span> {script.name}{" "}
              <span className="text-sm opacity-75">
                {script.status} (weight {script.weight})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PairPicture({ live }: { live: ClusterLive }) {
  const lastMove = live.events.find((event) => event.kind === "vip" && event.message.includes("acquired"));
  const ago = lastMove
    ? Math.max(0, Math.round((Date.parse(live.at) - Date.parse(lastMove.at)) / 1000))
    : null;
  return (
    <section data-testid="pair-picture" aria-label="The pair at a glance" className="space-y-2">
      <div className="flex flex-col gap-4 md:flex-row">
        {live.nodes.map((node) => (
          <PictureNode key={node.id} node={node} live={live} />
        ))}
      </div>
      <p className="text-base text-slate-700" data-testid="pair-last-move">
        Last VIP move:{" "}
        {lastMove ? (
          <>
            <strong>{lastMove.message}</strong>{" "}
            <span>
              ({ago} s ago, {new Date(lastMove.at).toLocaleTimeString()})
            </span>
          </>
        ) : (
          "none in the timeline"
        )}
      </p>
    </section>
  );
}
