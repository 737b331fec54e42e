import type { FieldIssue } from "@/lib/cluster/definition";

/** Problems (red) or warnings (amber) as `path: message` lines; with `lines`, where each sits in the YAML. */
export function IssueList({
  title,
  items,
  tone,
  lines,
  testId,
}: {
  title: string;
  items: FieldIssue[];
  tone: "red" | "amber";
  lines?: Map<string, number>;
  testId?: string;
}) {
  if (items.length === 0) return null;
  return (
    <div
      className={`rounded border p-3 text-xs ${tone === "red" ? "border-red-200 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-900"}`}
      data-testid={testId ?? (tone === "red" ? "problems" : "warnings")}
    >
      <p className="mb-1 font-semibold">{title}</p>
      <ul className="space-y-0.5 font-mono">
        {items.map((item) => {
          const line = lines?.get(item.path);
          return (
            <li key={`${item.path}:${item.message}`}>
              {item.path}
              {line !== undefined && <span className="text-slate-500"> (line {line})</span>}: {item.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-3">
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      <div className="flex flex-wrap gap-3">{children}</div>
    </fieldset>
  );
}
