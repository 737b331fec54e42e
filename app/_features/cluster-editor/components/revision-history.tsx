"use client";

import { useState } from "react";
import { useRevisionDiff, useRevisions } from "../hooks/use-revisions";

/** Every revision with author and note; pick two to see the YAML diff between them. */
export function RevisionHistory({ clusterId }: { clusterId: string }) {
  const revisions = useRevisions(clusterId);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const latest = revisions.data?.[0]?.number ?? null;
  const [from, to] = pair ?? (latest && latest > 1 ? [latest - 1, latest] : [null, null]);
  const diff = useRevisionDiff(clusterId, from, to);
  if (revisions.isPending) return <p className="text-sm text-slate-500">Loading revisions…</p>;
  if (revisions.error) return <p className="text-sm text-red-700">{revisions.error.message}</p>;
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <ol className="space-y-1 text-sm">
        {revisions.data.map((r) => (
          <li key={r.number} className="rounded border border-slate-200 bg-white p-2" data-testid="revision-row">
            <div className="flex items-center justify-between">
              <span className="font-medium">Revision {r.number}</span>
              <a className="text-xs text-sky-700 hover:underline" href={`/api/clusters/${clusterId}/revisions/${r.number}/export`}>YAML</a>
            </div>
            <div className="text-xs text-slate-500">{r.author} · {new Date(r.createdAt).toLocaleString()}</div>
            {r.message && <div className="text-xs text-slate-700">{r.message}</div>}
            {r.number > 1 && (
              <button type="button" className="mt-1 text-xs text-sky-700 hover:underline" onClick={() => setPair([r.number - 1, r.number])}>
                Diff with {r.number - 1}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div>
        {from === null ? (
          <p className="text-sm text-slate-500">Only one revision so far.</p>
        ) : (
          <pre className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs leading-5" data-testid="revision-diff">
            {(diff.data?.diff ?? "").split("\n").map((line, i) => (
              <div key={i} className={line.startsWith("+") && !line.startsWith("+++") ? "bg-green-50 text-green-800" : line.startsWith("-") && !line.startsWith("---") ? "bg-red-50 text-red-800" : ""}>
                {line || " "}
              </div>
            ))}
          </pre>
        )}
      </div>
    </div>
  );
}
