import { describe, expect, it } from "vitest";
import {
  ERROR_LINE_MAX_CHARS,
  ERROR_TAIL_LINES,
  LineTail,
  RESTART_MAX_DELAY_MS,
  restartDelayMs,
} from "./supervision";

describe("restartDelayMs", () => {
  it("starts at 1 s, doubles, and stops at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map(restartDelayMs)).toEqual([
      1_000,
      2_000,
      4_000,
      8_000,
      16_000,
      30_000,
      30_000,
      RESTART_MAX_DELAY_MS,
    ]);
    expect(restartDelayMs(0)).toBe(1_000);
  });
});

describe("LineTail", () => {
  it("keeps the last lines across chunk boundaries, bounded in count and length", () => {
    const tail = new LineTail();
    tail.push("first li");
    tail.push("ne\n\n  \r\n");
    expect(tail.snapshot()).toEqual(["first line"]);
    for (let i = 0; i < 100; i++) tail.push(`line ${i}\n`);
    tail.push(`${"x".repeat(10_000)}\nunterminated`);
    const lines = tail.snapshot();
    expect(lines).toHaveLength(ERROR_TAIL_LINES);
    expect(lines.at(-1)).toBe("unterminated");
    expect(lines.at(-2)).toHaveLength(ERROR_LINE_MAX_CHARS);
  });

  it("bounds an endless line without newline", () => {
    const tail = new LineTail();
    for (let i = 0; i < 1_000; i++) tail.push("y".repeat(1_000));
    expect(tail.snapshot()).toEqual(["y".repeat(ERROR_LINE_MAX_CHARS)]);
  });
});
