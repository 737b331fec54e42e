"use client";

import { useState, type FormEvent } from "react";
import { useCan } from "@/app/_features/auth/hooks/use-current-user";
import { useClusterList } from "@/app/_features/clusters/hooks/use-cluster-list";
import { RULES } from "@/lib/alerts/types";
import { FormAlert, FormCard, LabelledInput, LabelledSelect } from "@/app/_components/ui/form";
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
    <FormCard onSubmit={submit}>
      <LabelledSelect label="Cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
        <option value="">all clusters</option>
        {(clusters.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </LabelledSelect>
      <LabelledSelect label="Rule" value={rule} onChange={(e) => setRule(e.target.value)} options={RULES}>
        <option value="">all rules</option>
      </LabelledSelect>
      <LabelledInput
        label="Minutes"
        type="number"
        min={1}
        max={10080}
        value={minutes}
        onChange={(e) => setMinutes(Number(e.target.value))}
        className="w-24"
      />
      <LabelledInput
        label="Reason"
        labelClassName="flex-1"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required
        maxLength={500}
      />
      <button
        type="submit"
        className="rounded bg-slate-700 px-3 py-1.5 font-medium text-white hover:bg-slate-800"
      >
        Silence
      </button>
      <FormAlert error={silence.error} />
    </FormCard>
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
