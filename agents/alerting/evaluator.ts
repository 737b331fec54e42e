/**
 * The alert evaluator: every EVALUATE_INTERVAL_MS it runs the pure rules and the hold engine over each
 * cluster's newest observations and writes the transitions. It also runs at once when the poller's VIP
 * fast path writes a change (`trigger`), and wakes exactly when a pending incident's hold time ends,
 * because split-brain must page within its hold time + 1 s of the second VIP appearing. Polls land
 * every 2 s, so a 1 s round sees them soon enough; a round reads every cluster in a few statements.
 */
import { capConditions, nextFireAt, stepIncidents } from "@/lib/alerts/engine";
import { evaluateRules } from "@/lib/alerts/rules";
import type { Database } from "@/lib/db/client";
import { alertInputs } from "@/lib/store/alert-inputs";
import { applyTransitions, openIncidentsByCluster } from "@/lib/store/alert-incidents";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { startSubjectsRefresh } from "./subjects-refresh";

export const EVALUATE_INTERVAL_MS = 1_000;
/**
 * Rounds asked for by the poller's writes: at 1,000 nodes changing state together (a cold start) they
 * ran back to back and held the event loop; a gap bounds the evaluator to about half of it, and adds
 * at most this much to a split-brain page (the hold's own wake-up is not delayed).
 */
const TRIGGER_GAP_MS = 250;

export interface EvaluatorOptions {
  /** Called when notifications were queued, to send them without waiting for the notifier's next round. */
  onQueued?: () => void;
  /** Only the clusters this process owns are evaluated (their incidents are written by one process). */
  coordination?: Coordination;
  /** Called after each round with how long it took (the scale benchmark's alert round time). */
  onRound?: (ms: number) => void;
}

export function startAlertEvaluator(db: Database, options: EvaluatorOptions = {}): LoopHandle {
  const coordination = options.coordination ?? soloCoordination();
  // Definitions and pushed files change rarely: a loop of its own re-reads them every few seconds.
  const subjectsRefresh = startSubjectsRefresh(db);
  let wake: NodeJS.Timeout | undefined;

  const evaluate = async (signal: AbortSignal) => {
    const started = performance.now();
    await evaluateRound(signal);
    options.onRound?.(performance.now() - started);
  };
  const evaluateRound = async (signal: AbortSignal) => {
    const { subjects, pushed } = await subjectsRefresh.current();
    if (signal.aborted) return;
    const now = Date.now();
    const open = await openIncidentsByCluster(db);
    let queued = 0;
    let wakeAt: number | null = null;
    // A round reads every owned cluster at once (a few statements, not a few per cluster); it is not
    // cut short when it overruns, so that the clusters at the end of the list are never starved.
    const owned = subjects.filter((cluster) => coordination.owns(cluster.clusterId));
    const inputs = await alertInputs(db, owned, subjects, now, pushed);
    for (const [i, cluster] of owned.entries()) {
      const input = inputs[i];
      // Asked again just before each cluster's writes: a lease handed over mid-round is not written by both.
      if (!input || !coordination.owns(cluster.clusterId)) continue;
      const ofCluster = open.get(cluster.clusterId) ?? [];
      const conditions = capConditions(evaluateRules(input), ofCluster);
      queued += await applyTransitions(
        db,
        cluster.clusterId,
        stepIncidents(ofCluster, conditions, now),
        new Date(now),
      );
      const fireAt = nextFireAt(ofCluster, conditions, now);
      if (fireAt !== null && (wakeAt === null || fireAt < wakeAt)) wakeAt = fireAt;
    }
    if (queued > 0) options.onQueued?.();
    clearTimeout(wake);
    const delay = wakeAt === null ? null : wakeAt - Date.now();
    if (delay !== null && delay < EVALUATE_INTERVAL_MS)
      wake = setTimeout(() => loop.trigger({ immediate: true }), Math.max(0, delay));
  };

  const loop = startLoop({
    name: "alert evaluator",
    intervalMs: EVALUATE_INTERVAL_MS,
    timeoutMs: EVALUATE_INTERVAL_MS - 10,
    startJitterMs: 0,
    // A write's round (a VIP move, a node's state) starts at once, but at least the gap after the last.
    triggerGapMs: TRIGGER_GAP_MS,
    run: evaluate,
  });
  const unsubscribe = coordination.onChange(() => loop.trigger({ immediate: true }));
  return withCleanup(loop, async () => {
    unsubscribe();
    clearTimeout(wake);
    await subjectsRefresh.stop();
  });
}
