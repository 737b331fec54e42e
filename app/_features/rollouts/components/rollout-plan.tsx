"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, ForceReasonInput } from "@/app/_components/ui/form";
import { Note } from "@/app/_components/ui/states";
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
  if (rollout.status === "planning") return <Note>Reading both nodes&apos; files…</Note>;
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
        <Checkbox
          checked={confirmDrift}
          onChange={setConfirmDrift}
          className="flex items-center gap-2 text-sm text-amber-900"
          testId="confirm-drift"
        >
          Replace the files edited by hand on the nodes
        </Checkbox>
      )}
      {(needsForce || force) && (
        <div className="space-y-1 text-sm">
          <Checkbox checked={force} onChange={setForce} className="flex items-center gap-2 text-red-800">
            Force although the cluster is not healthy
          </Checkbox>
          {force && (
            <ForceReasonInput
              value={reason}
              onChange={setReason}
              placeholder="Why (audited)"
              className="w-full"
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
      <Button
        look="panel"
        className="text-sm"
        disabled={start.isPending || (plan.drift && !confirmDrift)}
        onClick={() =>
          start.mutate(
            { id: rollout.id, request: { mode, force, reason, confirmDrift } },
            { onSuccess: onStarted },
          )
        }
      >
        Start rollout
      </Button>
    </div>
  );
}
