"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, ChoiceSelect, ForceReasonInput } from "@/app/_components/ui/form";
import { HistoryTable } from "@/app/_components/ui/table";
import { useShownRun } from "@/app/_lib/use-shown-run";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { DRILL_MODES, type DrillMode, type DrillView } from "@/lib/drill/types";
import { useAbortDrill, useDrill, useDrillHistory, useRunDrill } from "../hooks/use-drills";

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${(v / 1000).toFixed(2)} s`;

const OUTCOME_STYLE: Record<string, string> = {
  passed: "text-emerald-700",
  failed: "text-red-700",
  aborted: "text-amber-700",
  interrupted: "text-amber-700",
  running: "text-sky-700",
  pending: "text-sky-700",
};

/** The live timeline and the report of one drill. */
function DrillDetail({ drill }: { drill: DrillView }) {
  const r = drill.report;
  return (
    <div className="space-y-2 rounded border border-slate-200 p-3 text-sm" data-testid="drill-detail">
      <p>
        drill #{drill.id} ({drill.mode}) on {drill.holder ?? "?"}:{" "}
        <strong className={OUTCOME_STYLE[drill.status] ?? ""} data-testid="drill-status">
          {drill.status}
        </strong>
        {drill.forceReason && <span className="text-amber-800"> — forced: {drill.forceReason}</span>}
      </p>
      <ol className="space-y-0.5 font-mono text-xs" data-testid="drill-timeline">
        {drill.timeline.map((e, i) => (
          <li key={i}>
            {e.at.slice(11, 23)} {e.event}
            {e.node ? ` ${e.node}` : ""} {e.detail}
          </li>
        ))}
      </ol>
      <ul className="text-xs text-slate-600">
        {drill.steps.map((s, i) => (
          <li key={i}>
            {s.kind}
            {s.node ? ` ${s.node}` : ""}: {s.status}
            {s.log.length > 0 ? ` — ${s.log.at(-1)?.line ?? ""}` : ""}
          </li>
        ))}
      </ul>
      {r && (
        <dl className="grid grid-cols-2 gap-x-4 text-xs md:grid-cols-4" data-testid="drill-report">
          <dt>failover</dt>
          <dd>
            {ms(r.measuredFailoverMs)} (bound {ms(r.expectedFailoverMs)})
          </dd>
          <dt>fail-back</dt>
          <dd>{ms(r.failbackMs)}</dd>
          <dt>clients</dt>
          <dd>
            {r.clientFailures} of {r.clientRequests} failed
          </dd>
          <dt>alerts</dt>
          <dd>{r.alerts.map((a) => `${a.rule} (${a.state})`).join(", ") || "none"}</dd>
          {r.failures.map((f) => (
            <dd key={f} className="col-span-full text-red-700">
              {f}
            </dd>
          ))}
          {r.restored.map((f) => (
            <dd key={f} className="col-span-full text-amber-800">
              restored: {f}
            </dd>
          ))}
        </dl>
      )}
    </div>
  );
}

/**
 * The cluster page's drills: run one (operators; pre-check refusals shown, force with a reason, node
 * death confirmed), Abort while it runs, the live timeline, and the history with its figures.
 */
export function DrillPanel({ clusterId }: { clusterId: string }) {
  const mayDrill = useCan("drill");
  const history = useDrillHistory(clusterId).data ?? [];
  const run = useRunDrill(clusterId);
  const abort = useAbortDrill(clusterId);
  const [mode, setMode] = useState<DrillMode>("process");
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState("");
  const [confirmNodeDeath, setConfirmNodeDeath] = useState(false);
  const { active, shownId, show } = useShownRun(history);
  const current = useDrill(clusterId, shownId).data;

  return (
    <div className="space-y-3" data-testid="drills">
      {mayDrill && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <ChoiceSelect
            value={mode}
            onChange={setMode}
            aria-label="Drill mode"
            choices={DRILL_MODES.map((m) => ({
              value: m,
              text: m === "process" ? "process death" : m === "node" ? "node death" : "partition",
            }))}
          />
          <Checkbox checked={force} onChange={setForce}>
            force
          </Checkbox>
          {force && <ForceReasonInput value={reason} onChange={setReason} placeholder="reason" />}
          {mode === "node" && (
            <Checkbox
              checked={confirmNodeDeath}
              onChange={setConfirmNodeDeath}
              className="flex items-center gap-1 text-red-800"
            >
              run the node-death command on the VIP holder
            </Checkbox>
          )}
          <Button
            look="panel"
            disabled={run.isPending || active !== undefined}
            onClick={() =>
              run.mutate({ mode, force, reason, confirmNodeDeath }, { onSuccess: (d) => show(d.id) })
            }
          >
            Run drill
          </Button>
          {active && (
            <Button
              look="stop"
              disabled={abort.isPending || active.abortRequested}
              onClick={() => abort.mutate(active.id)}
            >
              Abort
            </Button>
          )}
          {run.error && (
            <span className="text-red-700" data-testid="drill-refused">
              {run.error.message}
            </span>
          )}
        </div>
      )}
      {current && <DrillDetail drill={current} />}
      <HistoryTable
        testId="drill-history"
        headers={["#", "mode", "who", "when", "failover (bound)", "clients failed", "outcome"]}
      >
        {history.map((d) => (
          <tr key={d.id} className="cursor-pointer hover:bg-slate-50" onClick={() => show(d.id)}>
            <td>{d.id}</td>
            <td>{d.mode}</td>
            <td>{d.requestedBy}</td>
            <td>{d.createdAt.slice(0, 19).replace("T", " ")}</td>
            <td>
              {ms(d.report?.measuredFailoverMs)} ({ms(d.report?.expectedFailoverMs)})
            </td>
            <td>{d.report ? `${d.report.clientFailures}/${d.report.clientRequests}` : "—"}</td>
            <td className={OUTCOME_STYLE[d.status] ?? ""}>
              {d.status}
              {d.forceReason ? " (forced)" : ""}
            </td>
          </tr>
        ))}
      </HistoryTable>
    </div>
  );
}
