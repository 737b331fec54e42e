/** Small statistics for the benchmark scripts. */

/** The value at rank floor(p% × n) of an ascending list (p99 of 20 samples is the maximum). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
