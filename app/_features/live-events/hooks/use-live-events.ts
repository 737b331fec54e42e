"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { clusterLiveKeys } from "@/app/_features/cluster-live/query-keys";
import { clusterKeys } from "@/app/_features/clusters/query-keys";

/**
 * Refetches live state as soon as the server says the agents wrote a change (a VIP move shows in
 * milliseconds, not at the next interval). The pages' own intervals stay as the fallback and keep
 * "last seen" times fresh; EventSource reconnects by itself after a dropped stream.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource("/api/live/events");
    const onChange = () => {
      // The overview's read of every cluster may take longer than changes come (at most one per
      // 200 ms check): restarting it on each would starve it at 500 clusters, so one in flight finishes
      // (the next change, or the interval, reads again).
      void queryClient.invalidateQueries({ queryKey: clusterKeys.list() }, { cancelRefetch: false });
      void queryClient.invalidateQueries({ queryKey: clusterLiveKeys.all });
    };
    source.addEventListener("change", onChange);
    return () => {
      source.removeEventListener("change", onChange);
      source.close();
    };
  }, [queryClient]);
}
