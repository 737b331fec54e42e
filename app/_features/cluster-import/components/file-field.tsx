"use client";

import { useState } from "react";
import type { FieldIssue } from "@/lib/cluster/definition";
import { describedBy, FieldMessages } from "@/app/_components/ui/form";

const MAX_IMPORT_FILE_BYTES = 1024 * 1024; // importRequestSchema's bound per file

/** A config file, pasted or uploaded; shows the issues whose path is exactly this one. */
export function FileField({
  label,
  path,
  value,
  issues,
  onChange,
}: {
  label: string;
  path: string;
  value: string;
  issues: FieldIssue[];
  onChange: (text: string) => void;
}) {
  const [uploadError, setUploadError] = useState("");
  const messages = [
    ...issues.filter((issue) => issue.path === path).map((issue) => issue.message),
    ...(uploadError ? [uploadError] : []),
  ];
  const id = `file-${path}`;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setUploadError(`${file.name} is larger than 1 MiB`);
      return;
    }
    setUploadError("");
    onChange(await file.text());
  };
  return (
    <div className="flex flex-col gap-1 text-xs text-slate-600">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id}>{label}</label>
        <label className="cursor-pointer text-sky-700 hover:underline">
          Upload…
          <input
            type="file"
            className="sr-only"
            aria-label={`Upload ${label}`}
            onChange={(e) => void upload(e.target.files?.[0])}
          />
        </label>
      </div>
      <textarea
        id={id}
        name={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        {...describedBy(id, messages.length)}
        placeholder="Paste the file here, or upload it"
        className={`h-40 w-full rounded border p-2 font-mono text-xs ${messages.length > 0 ? "border-red-500 bg-red-50" : "border-slate-300"}`}
      />
      <FieldMessages id={id} path={path} messages={messages} />
    </div>
  );
}
