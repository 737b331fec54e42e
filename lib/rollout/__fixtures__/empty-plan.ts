/** A plan of the article pair that changes no file, and a one-step list: for store tests that only need a rollout row to claim. */
import type { RolloutPlan, StepSpec } from "../types";

export const emptyPlan: RolloutPlan = {
  revision: 1,
  noChange: false,
  drift: false,
  nodes: [
    { node: "lb-02", side: "backup", files: [], drift: [] },
    { node: "lb-01", side: "master", files: [], drift: [] },
  ],
};

export const gateOnly = (): StepSpec[] => [{ kind: "gate", node: null }];
