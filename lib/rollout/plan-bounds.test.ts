import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { buildPlan, PLAN_DIFF_BUDGET_MS } from "./plan";
import type { DesiredFile } from "./types";

/** An n-line haproxy.cfg-like text; each seed gives different lines, so the diff is all edits. */
const bigCfg = (lines: number, seed: string) =>
  Array.from(
    { length: lines },
    (_, i) => `    server s${i}-${seed} 10.1.${i % 250}.${i % 200}:8080 check`,
  ).join("\n");

describe("the rollout plan's diffs are bounded", () => {
  it(
    "plans two nodes holding 11k-line files quite unlike the rendered ones within the budget, marking the diffs too large",
    { timeout: 60_000 },
    () => {
      const desired = (node: string): DesiredFile[] => [
        { role: "haproxy.cfg", path: "/etc/haproxy/haproxy.cfg", text: bigCfg(11_000, "new"), mode: 0o644 },
        {
          role: "keepalived.conf",
          path: "/etc/keepalived/keepalived.conf",
          text: bigCfg(11_000, `${node}-new`),
          mode: 0o600,
        },
      ];
      const current = (node: string) => ({
        "/etc/haproxy/haproxy.cfg": bigCfg(11_000, "old"),
        "/etc/keepalived/keepalived.conf": bigCfg(11_000, `${node}-old`),
      });
      const start = performance.now();
      const plan = buildPlan({
        revision: 2,
        order: { backup: "b", master: "m" },
        desired: { b: desired("b"), m: desired("m") },
        current: { b: current("b"), m: current("m") },
        lastPushed: null,
      });
      const ms = performance.now() - start;
      // Unbounded the haproxy.cfg diff alone froze the agents 13.6 s (issue 22 item 7). Generous margin for a loaded box.
      expect(ms).toBeLessThan(PLAN_DIFF_BUDGET_MS + 8_000);
      const files = plan.nodes.flatMap((n) => n.files);
      expect(files.every((f) => f.changed)).toBe(true);
      expect(files.some((f) => f.diffTooLarge === true && f.diff === "")).toBe(true);
      expect(files.every((f) => f.diffTooLarge === true || f.diff.includes("@@"))).toBe(true);
    },
  );
});
