import type { RateLimitConfig } from "./rate-limiter.js";
import type { Timers } from "./timers.js";

/** Tuning that is not configuration: tests and benchmarks set it, deployments keep the defaults. */
export interface TelegramAdapterOptions {
  /** Timers for retry waits, pacing and poll back-off. @defaultValue real timers */
  timers?: Timers;
  /** Outgoing message limits; false turns pacing off. @defaultValue Telegram's (30/s, 1/s per chat, 20/min per group) */
  rateLimit?: Partial<RateLimitConfig> | false;
  /** Retries of one call on 429 (after retry_after) or, for idempotent calls, on network errors. @defaultValue 3 */
  maxRetries?: number;
  /** A 429 asking to wait longer is reported as watchkeeper_chat_rate_limited instead. @defaultValue 60000 */
  maxRetryAfterMs?: number;
  /** Back-off between failed polls. @defaultValue { initialMs: 1000, maxMs: 60000 } */
  pollBackoff?: { initialMs: number; maxMs: number };
  /** Client timeout of ordinary calls (getUpdates waits longer). @defaultValue 30000 */
  requestTimeoutMs?: number;
  /** fetch implementation. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}
