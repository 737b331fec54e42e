/** Alerting in the agents: the evaluator and the notifier, the first waking the second when it queues pages. */
import type { Database } from "@/lib/db/client";
import type { LoopHandle } from "../runtime/loop";
import { startAlertEvaluator, type EvaluatorOptions } from "./evaluator";
import { startNotifier } from "./notifier";

/** The evaluator first: the poller's `onStateChange` should call its trigger. */
export function startAlerting(
  db: Database,
  options: Omit<EvaluatorOptions, "onQueued"> = {},
): { evaluator: LoopHandle; notifier: LoopHandle } {
  const notifier = startNotifier(db, options.coordination);
  const evaluator = startAlertEvaluator(db, { ...options, onQueued: () => notifier.trigger() });
  return { evaluator, notifier };
}
