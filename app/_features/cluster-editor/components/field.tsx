"use client";

import type { FieldIssue } from "@/lib/cluster/definition";
import { describedBy, FieldMessages, Options } from "@/app/_components/ui/form";

/** One labelled input bound to a path; shows the issues whose path is exactly this one. */
export function Field(props: {
  label: string;
  path: string;
  value: unknown;
  issues: FieldIssue[];
  onChange: (path: string, value: unknown) => void;
  type?: "text" | "number";
  options?: readonly string[];
  width?: string;
}) {
  const { label, path, value, issues, onChange, type = "text", options, width = "w-40" } = props;
  const mine = issues.filter((issue) => issue.path === path);
  const id = `field-${path}`;
  const common = {
    id,
    name: path,
    ...describedBy(id, mine.length),
    className: `${width} rounded border px-2 py-1 font-mono text-sm ${mine.length > 0 ? "border-red-500 bg-red-50" : "border-slate-300"}`,
  };
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-600">
      <label htmlFor={id}>{label}</label>
      {options ? (
        <select {...common} value={String(value ?? "")} onChange={(e) => onChange(path, e.target.value)}>
          <Options values={options} />
        </select>
      ) : (
        <input
          {...common}
          type={type}
          value={value === undefined || value === null ? "" : String(value)}
          onChange={(e) =>
            onChange(
              path,
              type === "number"
                ? e.target.value === ""
                  ? undefined
                  : Number(e.target.value)
                : e.target.value,
            )
          }
        />
      )}
      <FieldMessages id={id} path={path} messages={mine.map((issue) => issue.message)} className="max-w-64" />
    </div>
  );
}
