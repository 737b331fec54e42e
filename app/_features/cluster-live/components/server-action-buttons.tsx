"use client";

import {
  SERVER_ACTIONS,
  type ServerActionKind,
  type ServerActionView,
} from "@/lib/runtime-api/server-action";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { useRequestServerAction } from "../hooks/use-server-actions";

const LABELS = { drain: "Drain", maint: "Maint", ready: "Ready" } as const;

/**
 * Drain / Maint / Ready for one server on both nodes; shows the action in flight and any node's error.
 * `align`: the nodes differ at run time, and this is the state "Align" sets on both (weight reset too).
 */
export function ServerActionButtons({
  clusterId,
  backend,
  server,
  latest,
  align,
}: {
  clusterId: string;
  backend: string;
  server: string;
  latest: ServerActionView | undefined;
  align?: ServerActionKind | undefined;
}) {
  const request = useRequestServerAction(clusterId);
  const allowed = useCan("runtime-action");
  const running = request.isPending || latest?.status === "pending" || latest?.status === "running";
  const failed = latest?.status === "failed" ? latest.results.filter((r) => !r.ok) : [];
  if (!allowed) return null;
  return (
    <div className="space-y-1">
      <div className="flex gap-1">
        {SERVER_ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            disabled={running}
            onClick={() => request.mutate({ backend, server, action })}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
            data-testid={`action-${action}`}
          >
            {LABELS[action]}
          </button>
        ))}
        {align && (
          <button
            type="button"
            disabled={running}
            onClick={() => request.mutate({ backend, server, action: align, align: true })}
            title="Set this state and the configured weight on both nodes"
            className="rounded border border-amber-400 bg-amber-50 px-2 py-0.5 text-xs hover:bg-amber-100 disabled:opacity-50"
            data-testid="action-align"
          >
            Align ({LABELS[align]})
          </button>
        )}
      </div>
      {running && (
        <p className="text-xs text-slate-500" data-testid="action-pending">
          {latest && latest.status !== "done" && latest.status !== "failed"
            ? `${latest.action}: ${latest.status}…`
            : "applying on both nodes…"}
        </p>
      )}
      {!running && request.error && (
        <p className="text-xs text-red-700" data-testid="action-error">
          {request.error.message}
        </p>
      )}
      {!running && failed.length > 0 && (
        <ul className="text-xs text-red-700" data-testid="action-error">
          {failed.map((r) => (
            <li key={r.node}>
              {latest?.action} failed on {r.node}: {r.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
