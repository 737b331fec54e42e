/** HAProxy duration text ("500ms", "2s", "1m"; bare numbers are ms) to milliseconds. Pure. */
const UNITS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  "": 1,
};

export function durationMs(text: string): number {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1);
}
