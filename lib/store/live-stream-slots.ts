/**
 * Slots for long-lived live-event streams: each open stream holds a timer, a feed listener and a
 * socket, so one session (or a script with many sessions) may hold only so many. Pure bookkeeping, per
 * process on purpose: the limits bound this process's own resources (ARCHITECTURE.md, "Several web instances").
 */
export interface StreamLimits {
  perSession: number;
  total: number;
}

export const LIVE_STREAM_LIMITS: StreamLimits = { perSession: 4, total: 200 };

export interface StreamSlots {
  /** A release function (idempotent), or null when the session or the server is at its limit. */
  acquire(sessionId: string): (() => void) | null;
  open(): number;
}

export function createStreamSlots(limits: StreamLimits = LIVE_STREAM_LIMITS): StreamSlots {
  const perSession = new Map<string, number>();
  let total = 0;
  return {
    acquire(sessionId) {
      const held = perSession.get(sessionId) ?? 0;
      if (held >= limits.perSession || total >= limits.total) return null;
      perSession.set(sessionId, held + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (perSession.get(sessionId) ?? 1) - 1;
        if (left > 0) perSession.set(sessionId, left);
        else perSession.delete(sessionId);
      };
    },
    open: () => total,
  };
}
