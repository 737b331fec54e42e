"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import type { IncidentView } from "@/lib/store/alerts";
import { useAlertMutations } from "../hooks/use-alerts";
import { Button } from "@/app/_components/ui/button";

const SEVERITY = { critical: "bg-red-100 text-red-800", warning: "bg-amber-100 text-amber-800" } as Record<
  string,
  string
>;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function AcknowledgeForm({ incident }: { incident: IncidentView }) {
  const { acknowledge } = useAlertMutations();
  const [note, setNote] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    acknowledge.mutate({ id: incident.id, note }, { onSuccess: () => setNote("") });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2">
      <input
        aria-label={`note for alert ${incident.id}`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="note (what you are doing about it)"
        maxLength={1000}
        className="min-w-64 flex-1 rounded border border-slate-300 px-2 py-1"
      />
      <Button type="submit" disabled={acknowledge.isPending}>
        Acknowledge
      </Button>
      {acknowledge.error && (
        <p role="alert" className="w-full text-red-700">
          {acknowledge.error.message}
        </p>
      )}
    </form>
  );
}

export function IncidentCard({ incident }: { incident: IncidentView }) {
  const canAck = useCan("acknowledge-alert");
  const [showEvidence, setShowEvidence] = useState(incident.rule === "split-brain");
  return (
    <li
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      data-testid="alert"
      data-rule={incident.rule}
      data-state={incident.state}
    >
      <div className="flex flex-wrap items-center gap-3">
        <span
          className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ${SEVERITY[incident.severity] ?? ""}`}
        >
          {incident.severity}
        </span>
        <span className="font-mono text-xs text-slate-500">{incident.state}</span>
        <span className="font-medium">{incident.rule}</span>
        <Link href={`/clusters/${incident.clusterId}`} className="text-sky-700 underline">
          {incident.cluster}
        </Link>
        {incident.silenced && <span className="rounded bg-slate-200 px-2 py-0.5 text-xs">silenced</span>}
        <span className="ml-auto text-xs text-slate-500">
          since {time(incident.since)}
          {incident.resolvedAt && ` · resolved ${time(incident.resolvedAt)}`}
        </span>
      </div>
      <p>{incident.summary}</p>
      {incident.acknowledgedBy && (
        <p className="text-slate-600" data-testid="acknowledged">
          Acknowledged by {incident.acknowledgedBy} at {time(incident.acknowledgedAt)}
          {incident.ackNote ? `: ${incident.ackNote}` : ""}
        </p>
      )}
      <button
        type="button"
        onClick={() => setShowEvidence(!showEvidence)}
        className="text-xs text-sky-700 underline"
      >
        {showEvidence ? "Hide evidence" : "Show evidence"}
      </button>
      {showEvidence && (
        <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">
          {JSON.stringify(incident.evidence, null, 2)}
        </pre>
      )}
      {canAck && incident.state === "firing" && !incident.acknowledgedBy && (
        <AcknowledgeForm incident={incident} />
      )}
    </li>
  );
}
