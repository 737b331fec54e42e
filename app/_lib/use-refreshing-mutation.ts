"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";

/**
 * A mutation that refetches every query under `queryKey` (the lists it changed) once it succeeds, or
 * with "settled" once it ends either way (the job requests: a refused one may still have changed a list).
 */
export function useRefreshingMutation<Data, Variables = void>(
  queryKey: QueryKey,
  mutationFn: (variables: Variables) => Promise<Data>,
  refresh: "success" | "settled" = "success",
) {
  const client = useQueryClient();
  const refetch = () => client.invalidateQueries({ queryKey });
  return useMutation(
    refresh === "success" ? { mutationFn, onSuccess: refetch } : { mutationFn, onSettled: refetch },
  );
}
