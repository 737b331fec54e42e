/**
 * Tells the web server's listeners when the agents wrote something a live page shows: a new
 * observation row (the sink writes one per changed state) or a timeline event. One shared check of two
 * MAX(id)s every CHECK_MS while anyone listens, rescheduled after each check (never overlapping).
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";

const CHECK_MS = 200;

export interface LiveChangeFeed {
  /** `listener` runs after each change; the returned function unsubscribes. */
  subscribe(listener: () => void): () => void;
}

export function createLiveChangeFeed(db: Database, checkMs = CHECK_MS): LiveChangeFeed {
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let version: string | null = null;

  const check = async () => {
    try {
      const next = await readVersion(db);
      if (version !== null && next !== version) for (const listener of listeners) listener();
      version = next;
    } catch (error) {
      console.error(`[live changes] ${errorMessage(error)}`);
    }
    timer = listeners.size > 0 ? setTimeout(() => void check(), checkMs) : undefined;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!timer && listeners.size === 1) {
        version = null;
        timer = setTimeout(() => void check(), 0);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
  };
}

async function readVersion(db: Database): Promise<string> {
  const [observations, events] = await Promise.all([
    db.nodeObservation.aggregate({ _max: { id: true } }),
    db.clusterEvent.aggregate({ _max: { id: true } }),
  ]);
  return `${observations._max.id ?? 0}:${events._max.id ?? 0}`;
}
