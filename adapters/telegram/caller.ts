import type { Logger } from "../../src/core/logger.js";
import { isTransient, retryAfterSeconds, toChatError } from "./api-errors.js";
import type { OutboundRateLimiter } from "./rate-limiter.js";
import type { Timers } from "./timers.js";

/** How one Bot API call is queued and retried. */
export interface CallPolicy {
  /** Chat the call writes into; paced by the per-chat limits when `paced`. */
  chatId?: string | number;
  /** Counts against Telegram's per-chat message limits (sendMessage, editMessageText). */
  paced?: boolean;
  /**
   * Retry network errors and 5xx. Off for sendMessage: after a lost response Telegram may have posted it,
   * and a duplicate warning in a group is worse than one reported failure. 429s are always retried.
   */
  retryTransient?: boolean;
}

export interface CallerOptions {
  timers: Timers;
  limiter: OutboundRateLimiter | undefined;
  token: string;
  /** Retries of one call. */
  maxRetries: number;
  /** A 429 asking for a longer wait than this surfaces as watchkeeper_chat_rate_limited. */
  maxRetryAfterMs: number;
}

/**
 * Every outgoing Bot API call goes through here: paced by the rate limiter, retried on 429 after exactly
 * `retry_after` seconds (the library's own retries are switched off so the wait runs on our injectable
 * timers and is deterministic in tests), and turned into a CodedError on failure. Tracks in-flight calls
 * so stop() can wait for them.
 */
export class BotApiCaller {
  private readonly inflight = new Set<Promise<unknown>>();
  private logger: Logger | undefined;

  constructor(private readonly o: CallerOptions) {}

  /** Where retries are logged (the env's logger, known at start). */
  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Runs `send` under the policy; `method` names the call in errors and logs. */
  call<R>(method: string, policy: CallPolicy, send: () => Promise<R>): Promise<R> {
    const p = this.run(method, policy, send);
    this.inflight.add(p);
    const forget = () => this.inflight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Resolves when every call started so far has settled. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async run<R>(method: string, policy: CallPolicy, send: () => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      if (this.o.limiter) await this.o.limiter.acquire(policy.paced ? policy.chatId : undefined);
      try {
        return await send();
      } catch (e) {
        const waitMs = this.retryWait(e, attempt, policy);
        if (waitMs === undefined) throw toChatError(e, method, this.o.token);
        this.logger?.warn({ method, attempt: attempt + 1, waitMs, code: codeOf(e) }, "telegram call failed; retrying");
        await this.o.timers.sleep(waitMs);
      }
    }
  }

  /** Milliseconds to wait before retrying, or undefined to give up. */
  private retryWait(e: unknown, attempt: number, policy: CallPolicy): number | undefined {
    if (attempt >= this.o.maxRetries) return undefined;
    const after = retryAfterSeconds(e);
    if (after !== undefined) {
      const ms = after * 1000;
      return ms <= this.o.maxRetryAfterMs ? ms : undefined;
    }
    if (policy.retryTransient && isTransient(e)) return Math.min(500 * 2 ** attempt, 10_000);
    return undefined;
  }
}

function codeOf(e: unknown): unknown {
  return (e as { errorCode?: unknown; code?: unknown })?.errorCode ?? (e as { code?: unknown })?.code;
}
