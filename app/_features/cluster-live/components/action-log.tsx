import { Note } from "@/app/_components/ui/states";
import type { ServerActionView } from "@/lib/runtime-api/server-action";

const STATUS_CLASS = {
  pending: "text-slate-500",
  running: "text-slate-500",
  done: "text-emerald-700",
  failed: "text-red-700",
} as const;

/** Recent runtime actions: what, on which server, by whom, when, and how each node answered. */
export function ActionLog({ actions }: { actions: ServerActionView[] }) {
  if (actions.length === 0) return <Note>No server actions yet.</Note>;
  return (
    <ul
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm"
      data-testid="action-log"
    >
      {actions.map((a) => (
        <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 px-3 py-2">
          <time className="font-mono text-xs text-slate-500" dateTime={a.requestedAt}>
            {new Date(a.requestedAt).toLocaleString()}
          </time>
          <span className="font-medium">{a.action}</span>
          <span className="font-mono text-xs">
            {a.backend}/{a.server}
          </span>
          <span className="text-slate-600">by {a.requestedBy}</span>
          <span className={STATUS_CLASS[a.status]}>{a.status}</span>
          <span className="text-xs text-slate-500">
            {a.results
              .map((r) => `${r.node}: ${r.ok ? `${r.adminState ?? "ok"} ${r.durationMs} ms` : r.error}`)
              .join(" · ")}
          </span>
        </li>
      ))}
    </ul>
  );
}
