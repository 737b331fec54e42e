"use client";

import { Loaded, Note } from "@/app/_components/ui/states";
import { useAlerts } from "../hooks/use-alerts";
import { IncidentCard } from "./incident-card";
import { Silences } from "./silences";

export function AlertsView() {
  return (
    <Loaded query={useAlerts()} what="alerts">
      {(data) => (
        <div className="space-y-8">
          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Active</h2>
            {data.active.length === 0 ? (
              <Note testId="no-active-alerts">No active alert.</Note>
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
      )}
    </Loaded>
  );
}
