/** A node's JSON dump that must be an array; its entries are read field by field as unknown. Pure. */
export function parseJsonArray<T>(text: string, notAnArray: string): T[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(notAnArray);
  return parsed;
}
