"use client";

import { useAlerts } from "../hooks/use-alerts";
import { IncidentCard } from "./incident-card";
import { Silences } from "./silences";

export function AlertsView() {
  const { data, error, isPending } = useAlerts();
  if (isPending) return <p className="text-sm text-slate-500">Loading alerts…</p>;
  if (error) return <p className="text-sm text-red-700">Could not load alerts: {error.message}</p>;
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Active</h2>
        {data.active.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="no-active-alerts">
            No active alert.
          </p>
        ) : (
          <ul className="space-y-3" data-testid="active-alerts">
            {data.active.map((incident) => (
              <IncidentCard key={incident.id} incident={incident} />
            ))}
          </ul>
        )}
      </section>
      <Silences />
      <section className="space-y-3">
        <h2 className="text-lg font-semibold">History</h2>
        <ul className="space-y-3" data-testid="alert-history">
          {data.history.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </ul>
      </section>
    </div>
  );
}
