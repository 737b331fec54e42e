"use client";

import { useQuery } from "@tanstack/react-query";
import type { SegmentVrids } from "@/lib/store/segment-vrids";
import { vridKeys } from "../query-keys";
import { apiJson } from "@/app/_lib/api-client";

export function useSegmentVrids(clusterId: string | undefined) {
  return useQuery({
    queryKey: vridKeys.segment(clusterId),
    queryFn: () =>
      apiJson<SegmentVrids>(clusterId ? `/api/vrids?cluster=${encodeURIComponent(clusterId)}` : "/api/vrids"),
  });
}
