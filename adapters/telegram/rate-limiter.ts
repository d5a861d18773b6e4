import type { Timers } from "./timers.js";

/** Telegram's documented sending limits. */
export interface RateLimitConfig {
  /** Messages per second across all chats. @defaultValue 30 */
  globalPerSecond: number;
  /** Messages per second into one chat. @defaultValue 1 */
  perChatPerSecond: number;
  /** Short burst allowed into one chat before the per-second pace applies. @defaultValue 3 */
  perChatBurst: number;
  /** Messages per minute into one group (negative chat id). @defaultValue 20 */
  groupPerMinute: number;
}

export const defaultRateLimit: RateLimitConfig = {
  globalPerSecond: 30,
  perChatPerSecond: 1,
  perChatBurst: 3,
  groupPerMinute: 20,
};

/**
 * A token bucket that hands out reservations: a caller takes a token now (the balance may go negative)
 * and learns when it may act. Reserving, rather than polling for a free token, keeps callers in FIFO
 * order and needs no loop.
 */
class ReservingBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMs: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; returns the time at which it is really available. */
  reserve(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? now : now + Math.ceil(-this.tokens / this.perMs);
  }

  /** True when the bucket is full again, so it can be forgotten. */
  idle(now: number): boolean {
    return this.tokens + (now - this.last) * this.perMs >= this.burst;
  }
}

/**
 * The outgoing queue's pacing: one global bucket, one bucket per chat, and a per-minute bucket per group.
 * `acquire` waits (FIFO) until a message to `chatId` may be sent without tripping Telegram's flood limits.
 */
export class OutboundRateLimiter {
  private readonly global: ReservingBucket;
  private readonly chats = new Map<string, { second: ReservingBucket; minute?: ReservingBucket }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly timers: Timers,
  ) {
    this.global = new ReservingBucket(config.globalPerSecond / 1000, config.globalPerSecond, timers.now());
  }

  /** Waits for a slot; `chatId` undefined means only the global limit applies. */
  async acquire(chatId: string | number | undefined, signal?: AbortSignal): Promise<void> {
    const now = this.timers.now();
    let at = this.global.reserve(now);
    if (chatId !== undefined) {
      const key = String(chatId);
      let b = this.chats.get(key);
      if (!b) {
        b = { second: new ReservingBucket(this.config.perChatPerSecond / 1000, this.config.perChatBurst, now) };
        // Negative ids are groups and supergroups, which Telegram also caps per minute.
        if (key.startsWith("-")) {
          b.minute = new ReservingBucket(this.config.groupPerMinute / 60_000, this.config.groupPerMinute, now);
        }
        this.chats.set(key, b);
      }
      at = Math.max(at, b.second.reserve(now), b.minute?.reserve(now) ?? now);
      if (this.chats.size > 10_000) this.forgetIdle(now);
    }
    if (at > now) await this.timers.sleep(at - now, signal);
  }

  private forgetIdle(now: number): void {
    for (const [k, b] of this.chats) {
      if (b.second.idle(now) && (b.minute?.idle(now) ?? true)) this.chats.delete(k);
    }
  }
}
