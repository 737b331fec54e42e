"use client";

import { MAX_FILE_BYTES } from "@/lib/cluster/yaml";

/** The whole definition as YAML: everything the form does not show (frontends, global, defaults, raw lines). */
export function YamlTab({
  text,
  onChange,
  invalid,
}: {
  text: string;
  onChange: (text: string) => void;
  invalid: boolean;
}) {
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-600">
      <label htmlFor="definition-yaml">Definition (YAML)</label>
      <textarea
        id="definition-yaml"
        name="yaml"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        aria-invalid={invalid}
        className={`h-[36rem] w-full rounded border p-2 font-mono text-xs leading-5 ${invalid ? "border-red-500" : "border-slate-300"}`}
      />
      <span className="text-slate-500">
        Same format as <code className="font-mono">hapair apply FILE</code>; at most{" "}
        {MAX_FILE_BYTES / 1024 / 1024} MiB. Problems below name the field path and its line.
      </span>
    </div>
  );
}
