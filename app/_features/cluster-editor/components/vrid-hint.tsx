"use client";

import { useSegmentVrids } from "../hooks/use-segment-vrids";

/** The VRIDs the nodes hear on the segment and other clusters use, and a free one to take. */
export function VridHint({
  clusterId,
  current,
  onUse,
}: {
  clusterId?: string;
  current: unknown;
  onUse: (vrid: number) => void;
}) {
  const { data } = useSegmentVrids(clusterId);
  if (!data) return null;
  const heard = data.heard.map((h) => h.vrid);
  const taken =
    typeof current === "number" && (heard.includes(current) || data.managed.some((m) => m.vrid === current));
  return (
    <p className="text-xs text-slate-600" data-testid="vrid-hint">
      Heard on the segment: {heard.length > 0 ? heard.join(", ") : "none"}
      {taken && <strong className="ml-2 text-red-700">virtual_router_id {current} is in use</strong>}
      {data.suggestion !== null && data.suggestion !== current && (
        <button
          type="button"
          className="ml-2 rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
          onClick={() => data.suggestion !== null && onUse(data.suggestion)}
        >
          Use free VRID {data.suggestion}
        </button>
      )}
    </p>
  );
}
