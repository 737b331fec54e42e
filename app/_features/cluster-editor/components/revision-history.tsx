"use client";

import { useState } from "react";
import { ChoiceSelect } from "@/app/_components/ui/form";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { useRevisionDiff, useRevisions } from "../hooks/use-revisions";

/** Every revision with author and note; pick any two (or a revision and its predecessor) to see the YAML diff. */
export function RevisionHistory({ clusterId }: { clusterId: string }) {
  const revisions = useRevisions(clusterId);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const latest = revisions.data?.[0]?.number ?? null;
  const [from, to] = pair ?? (latest && latest > 1 ? [latest - 1, latest] : [null, null]);
  const diff = useRevisionDiff(clusterId, from, to);
  if (revisions.isPending) return <Note>Loading revisions…</Note>;
  if (revisions.error) return <ErrorNote error={revisions.error} />;
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <ol className="space-y-1 text-sm">
        {revisions.data.map((r) => (
          <li
            key={r.number}
            className="rounded border border-slate-200 bg-white p-2"
            data-testid="revision-row"
          >
            <div className="flex items-center justify-between">
              <span className="font-medium">Revision {r.number}</span>
              <a
                className="text-xs text-sky-700 hover:underline"
                href={`/api/clusters/${clusterId}/revisions/${r.number}/export`}
              >
                YAML
              </a>
            </div>
            <div className="text-xs text-slate-500">
              {r.author} · {new Date(r.createdAt).toLocaleString()}
            </div>
            {r.message && <div className="text-xs text-slate-700">{r.message}</div>}
            {r.number > 1 && (
              <button
                type="button"
                className="mt-1 text-xs text-sky-700 hover:underline"
                onClick={() => setPair([r.number - 1, r.number])}
              >
                Diff with {r.number - 1}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="space-y-2">
        {from !== null && to !== null && (
          <DiffPicker numbers={revisions.data.map((r) => r.number)} from={from} to={to} onPick={setPair} />
        )}
        {from === null ? (
          <Note>Only one revision so far.</Note>
        ) : from === to ? (
          <Note>Pick two different revisions.</Note>
        ) : diff.data?.tooLarge ? (
          <p className="text-sm text-amber-800" data-testid="revision-diff-too-large">
            Diff too large to show: download both files (
            <a
              className="text-sky-700 hover:underline"
              href={`/api/clusters/${clusterId}/revisions/${from}/export`}
            >
              revision {from}
            </a>
            ,{" "}
            <a
              className="text-sky-700 hover:underline"
              href={`/api/clusters/${clusterId}/revisions/${to}/export`}
            >
              revision {to}
            </a>
            ) and compare them locally.
          </p>
        ) : (
          <pre
            className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 font-mono text-xs leading-5"
            data-testid="revision-diff"
          >
            {(diff.data?.diff ?? "").split("\n").map((line, i) => (
              <div
                key={i}
                className={
                  line.startsWith("+") && !line.startsWith("+++")
                    ? "bg-green-50 text-green-800"
                    : line.startsWith("-") && !line.startsWith("---")
                      ? "bg-red-50 text-red-800"
                      : ""
                }
              >
                {line || " "}
              </div>
            ))}
          </pre>
        )}
      </div>
    </div>
  );
}

function DiffPicker({
  numbers,
  from,
  to,
  onPick,
}: {
  numbers: number[];
  from: number;
  to: number;
  onPick: (pair: [number, number]) => void;
}) {
  const select = (label: string, value: number, pick: (n: number) => void) => (
    <label className="flex items-center gap-1">
      {label}
      <ChoiceSelect
        className="rounded border border-slate-300 px-1 py-0.5"
        value={value}
        onChange={pick}
        choices={numbers.map((n) => ({ value: n, text: `Revision ${n}` }))}
      />
    </label>
  );
  return (
    <div className="flex items-center gap-3 text-sm text-slate-600" data-testid="diff-picker">
      <span>Diff</span>
      {select("From", from, (n) => onPick([n, to]))}
      {select("To", to, (n) => onPick([from, n]))}
    </div>
  );
}
