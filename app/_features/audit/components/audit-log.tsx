"use client";

import { useState } from "react";
import { ChoiceSelect } from "@/app/_components/ui/form";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { useAudit } from "../hooks/use-audit";

const FILTERS = ["", "auth.", "user.", "cluster."];

export function AuditLog() {
  const [action, setAction] = useState("");
  const { data, error, isPending } = useAudit(action);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3 text-sm">
        <label>
          Show{" "}
          <ChoiceSelect
            value={action}
            onChange={setAction}
            choices={FILTERS.map((f) => ({ value: f, text: f ? `${f}*` : "everything" }))}
          />
        </label>
        <a href="/api/audit?format=ndjson" className="text-sky-700 hover:underline">
          Export NDJSON
        </a>
        <a href="/api/audit?format=csv" className="text-sky-700 hover:underline">
          Export CSV
        </a>
      </div>
      {isPending && <Note>Loading…</Note>}
      {error && <ErrorNote what="Could not load the audit log" error={error} />}
      {data && (
        <DataTable headers={["When", "Who", "Action", "Target", "Details"]}>
          {data.map((entry) => (
            <DataRow key={entry.id} className="align-top" testId="audit-row">
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">
                {new Date(entry.at).toLocaleString()}
              </td>
              <td className="px-3 py-2">{entry.actor}</td>
              <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
              <td className="px-3 py-2">{entry.target}</td>
              <td className="px-3 py-2">
                {(entry.before !== null || entry.after !== null || entry.detail !== null) && (
                  <details>
                    <summary className="cursor-pointer text-sky-700">show</summary>
                    <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap font-mono text-xs">
                      {JSON.stringify(
                        { detail: entry.detail, before: entry.before, after: entry.after },
                        null,
                        2,
                      )}
                    </pre>
                  </details>
                )}
              </td>
            </DataRow>
          ))}
        </DataTable>
      )}
    </div>
  );
}
