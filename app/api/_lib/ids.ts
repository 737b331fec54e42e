/**
 * Numeric ids in paths and queries: anything but a positive integer that fits the database's
 * 32-bit Int column is "not found" (or a 400 where the caller says so), never a crash.
 */
const MAX_ID = 2_147_483_647;

export function numericId(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** The row a numeric path id names, if it is this cluster's (another cluster's row is "not found" too). */
export async function rowOfCluster<T extends { clusterId: string }>(
  clusterId: string,
  rawId: string,
  get: (id: number) => Promise<T | null>,
): Promise<T | null> {
  const id = numericId(rawId);
  const row = id === null ? null : await get(id);
  return row?.clusterId === clusterId ? row : null;
}
