/** The app's data table: bordered card, the grey upper-case header row, one padding for every cell. */
import type { ReactNode } from "react";

export type CellPad = "px-3 py-2" | "px-4 py-2";

export function DataTable({
  headers,
  pad = "px-3 py-2",
  className = "",
  testId,
  children,
}: {
  /** Header cells: text, or a node (a column per node name); `null` is an empty header. */
  headers: (ReactNode | null)[];
  pad?: CellPad;
  className?: string;
  testId?: string;
  /** The body rows (`<DataRow>` or `<tr>`). */
  children: ReactNode;
}) {
  return (
    <table
      className={`w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm ${className}`.trim()}
      data-testid={testId}
    >
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
        <tr>
          {headers.map((header, i) => (
            <th key={i} className={pad}>
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A body row with the thin divider above it. */
export function DataRow({
  className = "",
  testId,
  children,
}: {
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <tr className={`border-t border-slate-100 ${className}`.trim()} data-testid={testId}>
      {children}
    </tr>
  );
}

/** The plain history table of a cluster page's panel (drills, rollouts): no card, grey header, rows as given. */
export function HistoryTable({
  headers,
  testId,
  children,
}: {
  headers: (string | null)[];
  testId: string;
  children: ReactNode;
}) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="text-slate-500">
        <tr>
          {headers.map((header, i) => (
            <th key={i}>{header}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
