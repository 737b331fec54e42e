"use client";

import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { describeExit } from "@/lib/health/supervision";
import { useHealth } from "../hooks/use-health";

/** Full width, on every page, while the agents process is down: nothing is polled or paged meanwhile. */
export function AgentsDownBanner() {
  const user = useCurrentUser();
  const { data } = useHealth(user !== null);
  if (!data || data.status !== "agents down") return null;
  const supervised = data.agents.supervised;
  return (
    <div
      role="alert"
      data-testid="agents-down-banner"
      className="w-full bg-amber-600 px-6 py-3 text-sm font-medium text-white"
    >
      <div className="mx-auto max-w-6xl">
        <p>
          AGENTS DOWN: {data.agents.reason}. Node status, alerts and rollouts are not updating.
          {supervised && (
            <span data-testid="agents-restarts">
              {" "}
              Restarts: {supervised.restarts}
              {supervised.lastExit &&
                ` · last ${describeExit(supervised.lastExit)} at ${new Date(supervised.lastExit.at).toLocaleTimeString()}`}
            </span>
          )}
        </p>
        {supervised && supervised.lastErrorLines.length > 0 && (
          <pre
            className="mt-2 max-h-32 overflow-auto whitespace-pre-wrap rounded bg-amber-800/60 p-2 font-mono text-xs"
            data-testid="agents-last-errors"
          >
            {supervised.lastErrorLines.join("\n")}
          </pre>
        )}
      </div>
    </div>
  );
}
