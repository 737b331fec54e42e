/** The audit log as files: one JSON object per line, or CSV with before/after as JSON cells. */
import type { AuditRecord } from "./audit";

export function auditToNdjson(entries: AuditRecord[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join("\n") + (entries.length ? "\n" : "");
}

const COLUMNS = ["id", "at", "actor", "action", "target", "clusterId", "before", "after", "detail"] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "string"
        ? value
        : typeof value === "number"
          ? String(value)
          : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditToCsv(entries: AuditRecord[]): string {
  return (
    [
      COLUMNS.join(","),
      ...entries.map((entry) => COLUMNS.map((column) => csvCell(entry[column])).join(",")),
    ].join("\r\n") + "\r\n"
  );
}
