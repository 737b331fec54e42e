import { describe, expect, it } from "vitest";
import { alertingSchema } from "@/lib/cluster/schema/alerting";
import * as t from "./timing";

describe("timing", () => {
  it("derives every threshold from the poll interval, in the order the reasons need", () => {
    expect(t.POLL_TIMEOUT_MS).toBeLessThan(t.POLL_INTERVAL_MS);
    expect(t.SPLIT_BRAIN_FRESH_MS).toBe(2 * t.POLL_INTERVAL_MS);
    expect(t.DASHBOARD_STALE_AFTER_MS).toBeGreaterThan(t.SPLIT_BRAIN_FRESH_MS);
    expect(t.ALERT_STALE_AFTER_SECONDS * 1000).toBeGreaterThan(t.DASHBOARD_STALE_AFTER_MS);
    expect(t.ROLLOUT_STALE_AFTER_MS).toBeGreaterThan(t.ALERT_STALE_AFTER_SECONDS * 1000);
    expect(t.RECONCILE_TIMEOUT_MS).toBeLessThan(t.RECONCILE_INTERVAL_MS);
    expect(alertingSchema.parse({}).staleAfterSeconds).toBe(t.ALERT_STALE_AFTER_SECONDS);
  });
});
