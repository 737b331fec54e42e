/**
 * The evaluator's rounds asked for by writes: a storm of triggers (1,000 nodes changing state at once)
 * runs rounds at least the gap apart, not back to back, and the last trigger still gets its round.
 */
import { describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("trigger-gap");
const { startAlertEvaluator } = await import("./evaluator");

describe("alert evaluator triggers", () => {
  it("coalesces a storm of triggers into rounds at least 250 ms apart, ending with one after the last", async () => {
    await saveTestCluster(db);
    const ends: number[] = [];
    const evaluator = startAlertEvaluator(db, { onRound: () => ends.push(Date.now()) });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the first round
      const stormStart = Date.now();
      while (Date.now() - stormStart < 1_500) {
        evaluator.trigger();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const lastTrigger = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 600));
      const during = ends.filter((at) => at >= stormStart);
      // About 1.5 s / (gap + round) rounds, not one per trigger (300 of them).
      expect(during.length).toBeGreaterThanOrEqual(3);
      expect(during.length).toBeLessThanOrEqual(8);
      expect(ends.at(-1) ?? 0).toBeGreaterThan(lastTrigger);
    } finally {
      await evaluator.stop();
    }
  });
});
