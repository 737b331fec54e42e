"use client";

import type { RolloutView } from "@/lib/rollout/types";

const STATUS_STYLE: Record<string, string> = {
  done: "text-emerald-700",
  running: "text-sky-700",
  failed: "text-red-700",
  interrupted: "text-red-700",
  skipped: "text-slate-400",
  pending: "text-slate-500",
};

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "");

/** A rollout's steps as they run: status, node, times, log lines; the validators' full output on demand. */
export function RolloutSteps({ rollout }: { rollout: RolloutView }) {
  return (
    <div className="space-y-2" data-testid="rollout-steps">
      <p className="text-sm">
        Rollout #{rollout.id} of revision {rollout.revision} ({rollout.mode}) by{" "}
        {rollout.startedBy ?? rollout.requestedBy}:{" "}
        <strong data-testid="rollout-status">{rollout.status}</strong>
        {rollout.error && <span className="text-red-700"> — {rollout.error}</span>}
      </p>
      <ol className="space-y-1 text-sm">
        {rollout.steps.map((step) => (
          <li
            key={step.index}
            className="rounded border border-slate-100 p-1"
            data-testid="rollout-step"
            data-kind={step.kind}
            data-node={step.node ?? ""}
            data-status={step.status}
          >
            <span className={`font-mono ${STATUS_STYLE[step.status] ?? ""}`}>{step.status}</span> {step.kind}
            {step.node && <span className="text-slate-600"> on {step.node}</span>}{" "}
            <span className="text-xs text-slate-500">
              {time(step.startedAt)}
              {step.finishedAt && ` → ${time(step.finishedAt)}`}
            </span>
            {step.log.length > 0 && (
              <ul className="ml-4 text-xs text-slate-600">
                {step.log.map((line, i) => (
                  <li key={i}>
                    {time(line.at)} {line.line}
                  </li>
                ))}
              </ul>
            )}
            {step.output && (
              <details className="ml-4 text-xs">
                <summary>full output</summary>
                <pre className="max-h-60 overflow-auto bg-slate-50 p-2">{step.output}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
