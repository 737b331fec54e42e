"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { ChoiceSelect } from "@/app/_components/ui/form";
import { HistoryTable } from "@/app/_components/ui/table";
import { useShownRun } from "@/app/_lib/use-shown-run";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { useRevisions } from "@/app/_features/cluster-editor/hooks/use-revisions";
import { usePlanRollout, useRollout, useRolloutHistory } from "../hooks/use-rollouts";
import { RolloutPlanView } from "./rollout-plan";
import { RolloutSteps } from "./rollout-steps";

/**
 * The cluster page's rollouts: "Roll out" (operators) → the plan → the live step list; the history
 * with who, when, revision and outcome, and "Roll back to this revision" (a rollout of that revision).
 */
export function RolloutPanel({ clusterId }: { clusterId: string }) {
  const mayRollOut = useCan("rollout");
  const revisions = useRevisions(clusterId).data ?? [];
  const history = useRolloutHistory(clusterId).data ?? [];
  const plan = usePlanRollout(clusterId);
  const { active, shownId, show } = useShownRun(history);
  const [revision, setRevision] = useState<number | null>(null);
  const current = useRollout(clusterId, shownId).data;
  const latest = revisions[0]?.number ?? null;
  const planRevision = (number: number) => plan.mutate(number, { onSuccess: (r) => show(r.id) });

  return (
    <div className="space-y-3" data-testid="rollouts">
      {mayRollOut && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <ChoiceSelect
            value={revision ?? latest ?? ""}
            onChange={setRevision}
            aria-label="Revision to roll out"
            choices={revisions.map((r) => ({
              value: r.number,
              text: (
                <>
                  revision {r.number} {r.message && `— ${r.message}`}
                </>
              ),
            }))}
          />
          <Button
            look="panel"
            disabled={plan.isPending || (revision ?? latest) === null || active !== undefined}
            onClick={() => planRevision(revision ?? latest ?? 0)}
          >
            Roll out
          </Button>
          {active && (
            <span className="text-slate-600">
              rollout #{active.id} is {active.status}
            </span>
          )}
          {plan.error && <span className="text-red-700">{plan.error.message}</span>}
        </div>
      )}
      {current &&
        (current.status === "planning" || current.status === "planned" || current.status === "plan-failed") &&
        mayRollOut && (
          <RolloutPlanView clusterId={clusterId} rollout={current} onStarted={() => show(current.id)} />
        )}
      {current && !["planning", "planned", "plan-failed"].includes(current.status) && (
        <RolloutSteps rollout={current} />
      )}
      <HistoryTable
        testId="rollout-history"
        headers={["#", "revision", "mode", "who", "when", "outcome", null]}
      >
        {history
          .filter((r) => r.mode !== null)
          .map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td>
                <Button look="link" onClick={() => show(r.id)}>
                  {r.id}
                </Button>
              </td>
              <td>{r.revision}</td>
              <td>{r.mode}</td>
              <td>{r.startedBy ?? r.requestedBy}</td>
              <td>{new Date(r.startedAt ?? r.createdAt).toLocaleString()}</td>
              <td title={r.error ?? ""}>
                {r.status}
                {r.forceReason && ` (forced: ${r.forceReason})`}
              </td>
              <td>
                {mayRollOut && r.revision !== latest && (
                  <Button
                    look="link"
                    disabled={active !== undefined}
                    onClick={() => planRevision(r.revision)}
                  >
                    Roll back to this revision
                  </Button>
                )}
              </td>
            </tr>
          ))}
      </HistoryTable>
    </div>
  );
}
