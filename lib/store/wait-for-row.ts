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
