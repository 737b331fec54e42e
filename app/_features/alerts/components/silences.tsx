"use client";

import { useState, type FormEvent } from "react";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { useClusterList } from "@/app/_features/clusters/hooks/use-cluster-list";
import { RULES } from "@/lib/alerts/types";
import { useAlertMutations, useSilences } from "../hooks/use-alerts";

function SilenceForm() {
  const { silence } = useAlertMutations();
  const clusters = useClusterList();
  const [clusterId, setClusterId] = useState("");
  const [rule, setRule] = useState("");
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      clusterId: clusterId || null,
      rule: (RULES as readonly string[]).includes(rule) ? (rule as (typeof RULES)[number]) : null,
      minutes,
      reason,
    };
    silence.mutate(input, { onSuccess: () => setReason("") });
  };
  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
    >
      <label className="flex flex-col">
        Cluster
        <select
          value={clusterId}
          onChange={(e) => setClusterId(e.target.value)}
          className="mt-1 rounded border border-slate-300 px-2 py-1"
        >
          <option value="">all clusters</option>
          {(clusters.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        Rule
        <select
          value={rule}
          onChange={(e) => setRule(e.target.value)}
          className="mt-1 rounded border border-slate-300 px-2 py-1"
        >
          <option value="">all rules</option>
          {RULES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        Minutes
        <input
          type="number"
          min={1}
          max={10080}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
          className="mt-1 w-24 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-1 flex-col">
        Reason
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={500}
          className="mt-1 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <button
        type="submit"
        className="rounded bg-slate-700 px-3 py-1.5 font-medium text-white hover:bg-slate-800"
      >
        Silence
      </button>
      {silence.error && (
        <p role="alert" className="w-full text-red-700">
          {silence.error.message}
        </p>
      )}
    </form>
  );
}

export function Silences() {
  const canSilence = useCan("acknowledge-alert");
  const { data } = useSilences();
  const { endSilence } = useAlertMutations();
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-semibold">Silences</h2>
      <p className="text-sm text-slate-600">
        Alerts still show and fire; matching notifications are not sent until the silence ends.
      </p>
      {canSilence && <SilenceForm />}
      <ul className="space-y-1 text-sm">
        {(data ?? []).map((s) => (
          <li key={s.id} className="flex items-center gap-3" data-testid="silence">
            <span>
              {s.cluster ?? "all clusters"} / {s.rule ?? "all rules"} until{" "}
              {new Date(s.until).toLocaleString()} by {s.createdBy}: {s.reason}
            </span>
            {canSilence && (
              <button
                type="button"
                onClick={() => endSilence.mutate(s.id)}
                className="text-xs text-sky-700 underline"
              >
                End now
              </button>
            )}
          </li>
        ))}
        {data?.length === 0 && <li className="text-slate-500">No active silence.</li>}
      </ul>
    </section>
  );
}
