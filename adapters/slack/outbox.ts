// The outgoing queue for Web API calls. Slack answers 429 + Retry-After when a method's rate limit is
// hit; the WebClient is built with rejectRateLimitedCalls, so the 429 surfaces here, and the queue
// holds every call for the delay and then retries the same call: nothing is dropped, and the wait is
// deterministic (the WebClient's own retry adds randomised backoff on top of Retry-After).
import { CodedError, ErrorCodes } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";

export interface OutboxOptions {
  /** Calls in flight at once. @defaultValue 4 */
  concurrency?: number;
  /** How many 429s one call may wait out before the caller gets `watchkeeper_chat_rate_limited`. @defaultValue 10 */
  maxRateLimitWaits?: number;
  /** Waits `ms`; injected so tests can observe the delay. @defaultValue setTimeout */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

/** The shape of @slack/web-api's errors that the outbox reads. */
interface SlackCallError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
  message?: string;
}

const rateLimitedCode = "slack_webapi_rate_limited_error";
const platformErrorCode = "slack_webapi_platform_error";

/** The Slack error string (`message_not_found`, `cant_delete_message`, …) of a failed call, when it has one. */
export function slackErrorOf(e: unknown): string | undefined {
  if (e instanceof CodedError) return e.details?.slackError as string | undefined;
  const err = e as SlackCallError | undefined;
  return err?.code === platformErrorCode ? err.data?.error : undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Task {
  method: string;
  call: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** A FIFO of Web API calls with bounded concurrency and a shared pause while Slack says to wait. */
export class Outbox {
  private readonly queue: Task[] = [];
  private running = 0;
  private pause: Promise<void> | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly maxRateLimitWaits: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger | undefined;

  constructor(options: OutboxOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 10;
    this.sleep = options.sleep ?? defaultSleep;
    this.logger = options.logger;
  }

  /** Queues one Web API call; resolves with its result or rejects with a CodedError. */
  run<T>(method: string, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ method, call, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Resolves when every queued and running call has settled. */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Calls queued or in flight. */
  get pending(): number {
    return this.running + this.queue.length;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.running += 1;
      void this.execute(task).finally(() => {
        this.running -= 1;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) {
          for (const w of this.idleWaiters.splice(0)) w();
        }
      });
    }
  }

  private async execute(task: Task): Promise<void> {
    for (let waits = 0; ; ) {
      // A 429 on any call pauses them all: Slack's limits are per workspace, not per request.
      while (this.pause) await this.pause;
      try {
        task.resolve(await task.call());
        return;
      } catch (e) {
        const err = e as SlackCallError;
        if (err?.code !== rateLimitedCode) {
          task.reject(toCodedError(task.method, e));
          return;
        }
        waits += 1;
        if (waits > this.maxRateLimitWaits) {
          task.reject(
            new CodedError(
              ErrorCodes.chatRateLimited,
              `Slack ${task.method}: still rate limited after ${waits - 1} waits`,
              {
                cause: e,
                details: { method: task.method },
              },
            ),
          );
          return;
        }
        const ms = Math.max(0, err.retryAfter ?? 1) * 1000;
        this.logger?.warn({ method: task.method, retryAfterMs: ms }, "slack rate limited; holding outgoing calls");
        if (!this.pause) {
          this.pause = this.sleep(ms).finally(() => {
            this.pause = undefined;
          });
        }
      }
    }
  }
}

/** Wraps a Web API failure in a CodedError that names the method and Slack's error string. */
export function toCodedError(method: string, e: unknown): CodedError {
  if (e instanceof CodedError) return e;
  const err = e as SlackCallError;
  const slackError = err?.code === platformErrorCode ? err.data?.error : undefined;
  const message = slackError
    ? `Slack ${method} failed: ${slackError}`
    : `Slack ${method} failed: ${err?.message ?? String(e)}`;
  return new CodedError(ErrorCodes.chatRequestFailed, message, {
    cause: e,
    details: { method, ...(slackError ? { slackError } : {}) },
  });
}
