"use client";

import { useState } from "react";
import type { RenderedCluster } from "@/lib/cluster/render";

/** The files the definition renders to, computed in the browser with the same pure renderers. */
export function RenderPreview({ rendered }: { rendered: RenderedCluster | null }) {
  const files = rendered
    ? [
        ["haproxy.cfg (both nodes)", rendered.haproxyCfg],
        ...Object.entries(rendered.keepalived).map(([node, text]) => [`keepalived.conf (${node})`, text]),
      ]
    : [];
  const [tab, setTab] = useState(0);
  if (!rendered)
    return <p className="text-sm text-slate-500">Fix the highlighted fields to see the rendered files.</p>;
  return (
    <div className="rounded-lg border border-slate-200 bg-white" data-testid="render-preview">
      <div className="flex gap-1 border-b border-slate-200 p-1">
        {files.map(([name], i) => (
          <button
            key={name}
            type="button"
            onClick={() => setTab(i)}
            className={`rounded px-2 py-1 text-xs ${i === tab ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {name}
          </button>
        ))}
      </div>
      <pre className="max-h-[32rem] overflow-auto p-3 font-mono text-xs leading-5">{files[tab]?.[1]}</pre>
    </div>
  );
}
