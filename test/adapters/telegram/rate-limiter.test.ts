import { describe, expect, it } from "vitest";
import { defaultRateLimit } from "../../../adapters/telegram/index.js";
import { OutboundRateLimiter } from "../../../adapters/telegram/rate-limiter.js";
import { fakeTimers } from "./fake-timers.js";

/** Sends `n` messages to `chat` one after another; returns the virtual send times. */
async function sendTimes(
  limiter: OutboundRateLimiter,
  timers: ReturnType<typeof fakeTimers>,
  chats: (string | undefined)[],
) {
  const times: number[] = [];
  for (const c of chats) {
    await limiter.acquire(c);
    times.push(timers.now());
  }
  return times;
}

describe("OutboundRateLimiter", () => {
  it("lets a short burst into a private chat, then one message per second", async () => {
    const timers = fakeTimers();
    const limiter = new OutboundRateLimiter(defaultRateLimit, timers);
    expect(await sendTimes(limiter, timers, Array(6).fill("42"))).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it("holds a group to 20 messages a minute", async () => {
    const timers = fakeTimers();
    const limiter = new OutboundRateLimiter({ ...defaultRateLimit, perChatPerSecond: 100, perChatBurst: 100 }, timers);
    const times = await sendTimes(limiter, timers, Array(22).fill("-100777"));
    expect(times.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(times[20]).toBe(3000);
    expect(times[21]).toBe(6000);
  });

  it("holds all chats together to 30 messages a second", async () => {
    const timers = fakeTimers();
    const limiter = new OutboundRateLimiter(defaultRateLimit, timers);
    const times = await sendTimes(
      limiter,
      timers,
      Array.from({ length: 31 }, (_, i) => String(i + 1)),
    );
    expect(times.slice(0, 30).every((t) => t === 0)).toBe(true);
    expect(times[30]).toBe(34);
  });

  it("serves concurrent callers for one chat in call order", async () => {
    // Time stands still while they all ask at once: each learns its own slot.
    const sleeps: number[] = [];
    const timers = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
    const limiter = new OutboundRateLimiter({ ...defaultRateLimit, perChatBurst: 1 }, timers);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => limiter.acquire("42").then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([1000, 2000]);
  });
});
