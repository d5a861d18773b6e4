/**
 * Wall-clock time for transport concerns (rate limits, retry waits, poll back-off). Kept apart from the
 * app's Clock on purpose: a fake app clock that only moves when told must not freeze the outgoing queue.
 * Tests inject fake timers so waits are recorded, not slept.
 */
export interface Timers {
  /** Milliseconds on a monotonic-enough scale. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Real timers. */
export const realTimers: Timers = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
