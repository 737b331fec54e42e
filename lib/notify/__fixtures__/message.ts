/** Tests: one alert message, as the notifier sends it. */
import type { AlertMessage } from "../message";

export const splitBrainPage: AlertMessage = {
  event: "fire",
  incidentId: 7,
  cluster: { id: "c1", name: "payments" },
  rule: "split-brain",
  key: "vip",
  severity: "critical",
  summary: "both lb-01 and lb-02 hold 10.0.0.100",
  since: "2026-11-25T18:00:00.000Z",
  firedAt: "2026-11-25T18:00:02.000Z",
  resolvedAt: null,
  evidence: { "lb-01": ["inet 10.0.0.100/24"], "lb-02": ["inet 10.0.0.100/24"] },
  url: "http://127.0.0.1:3000/clusters/c1",
  drill: null,
};
