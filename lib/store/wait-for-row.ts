import type { Database } from "@/lib/db/client";

/** Polls a job row (server action, rollout, drill) until it is `settled`, gone, or the time is up; its latest state. */
export async function waitForRow<T>(
  read: () => Promise<T | null>,
  settled: (row: T) => boolean,
  timeoutMs: number,
  pollMs: number,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await read();
    if (!row || settled(row) || Date.now() >= deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `waitFor…(db, id, timeoutMs, pollMs?)` for a job table: polls the row `get` reads by id until it is `settled`. */
export function rowWaiter<T>(
  get: (db: Database, id: number) => Promise<T | null>,
  settled: (row: T) => boolean,
  defaultPollMs: number,
): (db: Database, id: number, timeoutMs: number, pollMs?: number) => Promise<T | null> {
  return (db, id, timeoutMs, pollMs = defaultPollMs) =>
    waitForRow(() => get(db, id), settled, timeoutMs, pollMs);
}
