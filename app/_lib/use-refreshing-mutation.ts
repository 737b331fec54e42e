"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";

/** A mutation that, once it succeeds, refetches every query under `queryKey` (the lists it changed). */
export function useRefreshingMutation<Data, Variables = void>(
  queryKey: QueryKey,
  mutationFn: (variables: Variables) => Promise<Data>,
) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey }) });
}
