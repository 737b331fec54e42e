/**
 * An admin list (users, API tokens): the read's states, the form that adds an item above the table,
 * the latest refusal of a change, then one row per item (cells as the caller renders them).
 */
import type { ReactNode } from "react";
import { ErrorNote, Loaded } from "./states";
import { DataRow, DataTable } from "./table";

export function ManagedList<T extends { id: string | number }>({
  query,
  what,
  form,
  error,
  headers,
  rowTestId,
  row,
}: {
  query: { data: T[] | undefined; error: Error | null };
  what: string;
  form: ReactNode;
  error: Error | null;
  headers: (ReactNode | null)[];
  rowTestId: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <Loaded query={query} what={what}>
      {(items) => (
        <div className="space-y-4">
          {form}
          {error && <ErrorNote error={error} alert />}
          <DataTable headers={headers} pad="px-4 py-2">
            {items.map((item) => (
              <DataRow key={item.id} testId={rowTestId}>
                {row(item)}
              </DataRow>
            ))}
          </DataTable>
        </div>
      )}
    </Loaded>
  );
}
