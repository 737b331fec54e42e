"use client";

import { useState } from "react";
import { ApiIssuesError } from "@/app/_lib/api-client";
import { ROLLOUT_MODES, type RolloutMode, type RolloutView } from "@/lib/rollout/types";
import { useStartRollout } from "../hooks/use-rollouts";

/** The plan of one rollout: per node and per file what changes (diff against the node's real files), drift, then how to start it. */
export function RolloutPlanView({
  clusterId,
  rollout,
  onStarted,
}: {
  clusterId: string;
  rollout: RolloutView;
  onStarted: () => void;
}) {
  const start = useStartRollout(clusterId);
  const [mode, setMode] = useState<RolloutMode>("graceful");
  const [confirmDrift, setConfirmDrift] = useState(false);
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState("");
  const plan = rollout.plan;
  if (rollout.status === "planning")
    return <p className="text-sm text-slate-500">Reading both nodes' files…</p>;
  if (rollout.status === "plan-failed" || !plan)
    return (
      <p className="text-sm text-red-700" data-testid="plan-error">
        Cannot plan: {rollout.error}
      </p>
    );
  const issues = start.error instanceof ApiIssuesError ? start.error.issues : [];
  const needsForce = issues.some((i) => i.path === "force");
  return (
    <div className="space-y-3" data-testid="rollout-plan">
      <p className="text-sm">
        Revision <strong>{plan.revision}</strong>:{" "}
        {plan.noChange
          ? "nothing changes on the nodes."
          : "these files change (against what each node holds now):"}
      </p>
      {plan.nodes.map((node) => (
        <div
          key={node.node}
          className="rounded border border-slate-200 p-2"
          data-testid={`plan-node-${node.node}`}
        >
          <h4 className="text-sm font-semibold">
            {node.node}{" "}
            <span className="font-normal text-slate-500">
              ({node.side === "backup" ? "backup, goes first" : "master, goes last"})
            </span>
          </h4>
          {(node.warnings ?? []).length > 0 && (
            <ul className="my-1 list-inside list-disc text-sm text-amber-800" data-testid="plan-warnings">
              {node.warnings?.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {node.drift.length > 0 && (
            <ul className="my-1 list-inside list-disc text-sm text-amber-800" data-testid="plan-drift">
              {node.drift.map((d) => (
                <li key={d}>drift: {d}</li>
              ))}
            </ul>
          )}
          {node.files.map((file) => (
            <details key={file.path} className="text-sm" open={file.changed && file.role === "haproxy.cfg"}>
              <summary className={file.changed ? "text-slate-900" : "text-slate-400"}>
                {file.path} —{" "}
                {file.changed ? (file.beforeSha === null ? "new file" : "changes") : "unchanged"}
              </summary>
              {file.diffTooLarge && (
                <p className="text-xs text-amber-800" data-testid="plan-diff-too-large">
                  Diff too large to show: download both files (the node&apos;s {file.path} and the
                  revision&apos;s rendered file) and compare them locally.
                </p>
              )}
              {file.diff && <pre className="max-h-80 overflow-auto bg-slate-50 p-2 text-xs">{file.diff}</pre>}
            </details>
          ))}
        </div>
      ))}
      <fieldset className="flex flex-wrap items-center gap-4 text-sm">
        <legend className="sr-only">Mode</legend>
        {ROLLOUT_MODES.map((m) => (
          <label key={m} className="flex items-center gap-1">
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {m === "graceful"
              ? "Graceful (reload backup, then master)"
              : "Verify on backup (fail over, probe the VIP, then master, fail back)"}
          </label>
        ))}
      </fieldset>
      {plan.drift && (
        <label className="flex items-center gap-2 text-sm text-amber-900">
          <input
            type="checkbox"
            checked={confirmDrift}
            onChange={(e) => setConfirmDrift(e.target.checked)}
            data-testid="confirm-drift"
          />
          Replace the files edited by hand on the nodes
        </label>
      )}
      {(needsForce || force) && (
        <div className="space-y-1 text-sm">
          <label className="flex items-center gap-2 text-red-800">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Force
            although the cluster is not healthy
          </label>
          {force && (
            <input
              className="w-full rounded border border-slate-300 px-2 py-1"
              placeholder="Why (audited)"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-label="Force reason"
            />
          )}
        </div>
      )}
      {issues.length > 0 && (
        <ul className="list-inside list-disc text-sm text-red-700" data-testid="start-issues">
          {issues.map((i) => (
            <li key={`${i.path}${i.message}`}>{i.message}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
        disabled={start.isPending || (plan.drift && !confirmDrift)}
        onClick={() =>
          start.mutate(
            { id: rollout.id, request: { mode, force, reason, confirmDrift } },
            { onSuccess: onStarted },
          )
        }
      >
        Start rollout
      </button>
    </div>
  );
}
