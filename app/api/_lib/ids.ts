/** Numeric ids in paths: anything else is "not found", never a crash. */
export function numericId(value: string): number | null {
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}
