/**
 * A signal that aborts after `timeoutMs` (reason: a TimeoutError) or with the caller's signal, on a
 * plain timer held until `release()`. Not AbortSignal.any over AbortSignal.timeout: the combined
 * signal holds its sources weakly, and a timeout signal nothing else references can be collected
 * before it fires (an SFTP write to a cut-off node then waited for the link, not 5 s).
 */
export interface Deadline {
  signal: AbortSignal;
  release: () => void;
}

export function deadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")),
    timeoutMs,
  );
  const onCaller = () => controller.abort(caller?.reason);
  if (caller?.aborted) onCaller();
  else caller?.addEventListener("abort", onCaller, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCaller);
    },
  };
}

/**
 * `promise`, or a rejection with `makeError()` as soon as `signal` aborts; the work behind the promise
 * goes on (a shared connect or channel open that a later caller picks up).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  makeError: () => Error,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(makeError());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
