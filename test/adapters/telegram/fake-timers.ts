import type { Timers } from "../../../adapters/telegram/index.js";

/** Timers whose sleeps are recorded and advance a virtual clock instead of waiting. */
export function fakeTimers(): Timers & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      t += ms;
      // Yield, so a loop that keeps sleeping cannot starve the event loop.
      await new Promise((r) => setImmediate(r));
    },
  };
}
