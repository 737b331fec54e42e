"use client";

import Link from "next/link";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { useSplitBrainBanner } from "../hooks/use-alerts";

/** Full width, on every page, while any cluster's split-brain alert fires. */
export function SplitBrainBanner() {
  const user = useCurrentUser();
  const { data } = useSplitBrainBanner(user !== null);
  const active = data?.splitBrains ?? [];
  if (active.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="split-brain-banner"
      className="w-full bg-red-700 px-6 py-3 text-sm font-medium text-white"
    >
      {active.map((alert) => (
        <p key={alert.id} className="mx-auto max-w-6xl">
          SPLIT-BRAIN on{" "}
          <Link href={`/clusters/${alert.clusterId}`} className="underline">
            {alert.cluster}
          </Link>
          : {alert.summary} (since {new Date(alert.since).toLocaleTimeString()}) ·{" "}
          <Link href="/alerts" className="underline">
            alerts
          </Link>
        </p>
      ))}
    </div>
  );
}
