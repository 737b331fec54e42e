/**
 * Splits a followed command's output into lines, within bounds: a line longer than the cap, or more
 * bytes in a time window than the flood cap, is refused (the caller ends the channel). Nothing but
 * the unfinished last line is kept.
 */
import { FOLLOW_FLOOD_BYTES, FOLLOW_FLOOD_WINDOW_MS, MAX_FOLLOW_LINE_BYTES } from "./limits";

export interface LineLimits {
  maxLineBytes: number;
  floodBytes: number;
  floodWindowMs: number;
}

export const FOLLOW_LIMITS: LineLimits = {
  maxLineBytes: MAX_FOLLOW_LINE_BYTES,
  floodBytes: FOLLOW_FLOOD_BYTES,
  floodWindowMs: FOLLOW_FLOOD_WINDOW_MS,
};

export class LineReader {
  private buffered = "";
  private windowStart: number;
  private windowBytes = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly limits: LineLimits = FOLLOW_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  /** Takes a chunk; returns why the stream is refused, or undefined to go on. */
  push(chunk: string): string | undefined {
    const at = this.now();
    if (at - this.windowStart >= this.limits.floodWindowMs) {
      this.windowStart = at;
      this.windowBytes = 0;
    }
    this.windowBytes += Buffer.byteLength(chunk);
    if (this.windowBytes > this.limits.floodBytes)
      return `more than ${this.limits.floodBytes} bytes within ${this.limits.floodWindowMs} ms`;
    this.buffered += chunk;
    const lines = this.buffered.split("\n");
    this.buffered = lines.pop() ?? "";
    if (Buffer.byteLength(this.buffered) > this.limits.maxLineBytes)
      return `a line longer than ${this.limits.maxLineBytes} bytes`;
    for (const line of lines) {
      if (Buffer.byteLength(line) > this.limits.maxLineBytes)
        return `a line longer than ${this.limits.maxLineBytes} bytes`;
      this.onLine(line);
    }
    return undefined;
  }
}
