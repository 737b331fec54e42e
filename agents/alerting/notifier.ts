/**
 * The notifier: works the outbox the evaluator fills. Each due notification is sent in the background
 * (a slow SMTP server or webhook never holds up the loop, the evaluator or the poller), recorded as an
 * attempt, and retried with backoff until it succeeds or gives up. Silences are honoured at send time.
 * Page-first rules (split-brain, no VIP holder) have a lane of their own, claimed first and with its own
 * in-flight slots: however many other pages are queued or slow, they never wait behind them.
 */
import type { Database } from "@/lib/db/client";
import { sendToChannel } from "@/lib/notify/send";
import {
  claimNotification,
  dueNotifications,
  incidentMessage,
  recordAttempt,
  releaseDeadClaims,
  releaseNotification,
  settleWithoutSending,
  verdictFor,
  type DueNotification,
} from "@/lib/store/alert-outbox";
import { revealChannel } from "@/lib/store/notification-channels";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { errorMessage } from "@/lib/error-message";

/** Retries wait 1 s or more, and the evaluator triggers a round as soon as it queues a page. */
export const NOTIFY_INTERVAL_MS = 1_000;
const MAX_IN_FLIGHT = { first: 4, rest: 8 } as const;

export function startNotifier(db: Database, coordination: Coordination = soloCoordination()): LoopHandle {
  const inFlight = new Map<number, { lane: keyof typeof MAX_IN_FLIGHT; work: Promise<void> }>();
  const stopping = new AbortController();

  const deliver = async (due: DueNotification) => {
    const now = new Date();
    const verdict = await verdictFor(db, due, now);
    if (!verdict.send) {
      if (verdict.status !== "wait") await settleWithoutSending(db, due.id, verdict.status, now);
      return;
    }
    const result = await sendRevealed(due);
    await recordAttempt(db, due, result, new Date());
    if (!result.ok)
      console.error(
        `[notifier] ${due.event} of alert ${due.incident.id} to ${due.channel.name} failed (attempt ${due.attempts + 1}): ${result.error}`,
      );
  };

  const sendRevealed = async (due: DueNotification) => {
    try {
      return await sendToChannel(
        revealChannel(due.channel),
        incidentMessage(due.incident, due.clusterName, due.event, due.drill),
        stopping.signal,
      );
    } catch (error) {
      // A secret that cannot be opened (key missing) is a failed attempt, retried like any other.
      return {
        ok: false,
        response: null,
        error: errorMessage(error),
        durationMs: 0,
      };
    }
  };

  const claim = async () => {
    const released = await releaseDeadClaims(db, coordination.isDead);
    if (released > 0)
      console.error(
        `[notifier] ${released} notification(s) a stopped agents process was sending: sending again`,
      );
    for (const lane of ["first", "rest"] as const) {
      const room = MAX_IN_FLIGHT[lane] - [...inFlight.values()].filter((entry) => entry.lane === lane).length;
      if (room <= 0) continue;
      for (const due of await dueNotifications(db, new Date(), new Set(inFlight.keys()), room, lane)) {
        // Another agents process may have claimed it since the read: then it is theirs to send.
        if (!(await claimNotification(db, due.id, coordination.self))) continue;
        const work = deliver(due)
          .catch((error: unknown) =>
            console.error(`[notifier] notification ${due.id}: ${errorMessage(error)}`),
          )
          .then(() => releaseNotification(db, due.id, coordination.self))
          .catch((error: unknown) =>
            console.error(`[notifier] notification ${due.id}: ${errorMessage(error)}`),
          )
          .finally(() => inFlight.delete(due.id));
        inFlight.set(due.id, { lane, work });
      }
    }
  };

  const loop = startLoop({
    name: "notifier",
    intervalMs: NOTIFY_INTERVAL_MS,
    timeoutMs: NOTIFY_INTERVAL_MS - 50,
    startJitterMs: 0,
    run: claim,
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await Promise.allSettled([...inFlight.values()].map((entry) => entry.work));
  });
}
