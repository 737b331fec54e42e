/** What a panel shows instead of its data: loading, nothing yet, or a failed read. */
import type { ReactNode } from "react";

/** Loading, or an empty state ("No events yet."): quiet grey text. */
export function Note({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="text-sm text-slate-500" data-testid={testId}>
      {children}
    </p>
  );
}

/**
 * A read or request that failed: `what` says what could not be done, then the error's message;
 * `alert` for a refusal the user just caused (announced at once).
 */
export function ErrorNote({
  what,
  error,
  testId,
  alert = false,
}: {
  what?: string;
  error: Error;
  testId?: string;
  alert?: boolean;
}) {
  return (
    <p className="text-sm text-red-700" data-testid={testId} role={alert ? "alert" : undefined}>
      {what ? `${what}: ${error.message}` : error.message}
    </p>
  );
}

/**
 * A read's states: "Loading <what>…", "Could not load <what>: …" (also when a refetch fails after
 * data was shown), else `children` with the data.
 */
export function Loaded<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: Error | null };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorNote what={`Could not load ${what}`} error={query.error} />;
  if (query.data === undefined) return <Note>Loading {what}…</Note>;
  return children(query.data);
}
