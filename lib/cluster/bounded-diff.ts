/**
 * Unified diffs with a bound on the work they may take. Myers' diff is O((N+M)·D): two large, very
 * different texts (5,000-server revisions, an 11k-line haproxy.cfg) took minutes on the one thread
 * that also answers /api/health or runs the agents' loops. Past the bound the answer is null and
 * callers say "diff too large: download both files". Pure apart from the clock jsdiff's timeout reads.
 */
import { createTwoFilesPatch } from "diff";

export interface DiffLimits {
  /** Lines in both texts together; above this, no diff is tried at all. */
  maxLines: number;
  /** Lines added plus removed that jsdiff may consider before giving up. */
  maxEditLength: number;
  /** Wall-clock milliseconds jsdiff may spend before giving up. */
  timeoutMs: number;
}

export const DIFF_LIMITS: DiffLimits = { maxLines: 100_000, maxEditLength: 20_000, timeoutMs: 500 };

export const DIFF_TOO_LARGE = "diff too large: download both files";

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** The unified diff of two texts, or null when it is past the limits. */
export function boundedPatch(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
  limits: DiffLimits = DIFF_LIMITS,
): string | null {
  if (oldText === newText)
    return createTwoFilesPatch(oldName, newName, oldText, newText, "", "", { context: 3 });
  if (lineCount(oldText) + lineCount(newText) > limits.maxLines || limits.timeoutMs <= 0) return null;
  const patch = createTwoFilesPatch(oldName, newName, oldText, newText, "", "", {
    context: 3,
    maxEditLength: limits.maxEditLength,
    timeout: limits.timeoutMs,
  });
  return patch ?? null;
}
