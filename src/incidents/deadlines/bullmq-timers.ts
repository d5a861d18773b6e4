import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { RedisHandle } from "../../queue/redis.js";
import { fireOrder, type TimerJob } from "./jobs.js";
import type { DeadlineTimers, TimerProcessor } from "./timers.js";

export const deadlineQueueName = "incident-deadlines";

// Under a virtual clock the real delay never elapses: jobs fire only when runDue promotes them.
const virtualHold = 365 * 86_400_000;
const busyStates = new Set(["waiting", "active", "prioritized", "waiting-children"]);

export interface BullmqTimersOptions {
  redis: RedisHandle;
  clock: Clock;
  logger: Logger;
  /** True when the clock is virtual (FakeClock): fire only through runDue. */
  virtual: boolean;
  /** Jobs processed at once per process. @defaultValue 50 */
  concurrency?: number;
  /** How long runDue waits for one job before giving up on it (e.g. no worker alive). @defaultValue 15000 */
  finishTimeoutMs?: number;
}

/** Deadline timers as BullMQ delayed jobs, under the app's Redis prefix. */
export class BullmqTimers implements DeadlineTimers {
  readonly backend = "bullmq" as const;
  private readonly queue: Queue;
  private readonly client: Redis;
  private worker: Worker | undefined;

  constructor(private readonly options: BullmqTimersOptions) {
    this.queue = new Queue(deadlineQueueName, { connection: options.redis.connection(), prefix: options.redis.prefix });
    this.queue.on("error", (e) => options.logger.warn({ err: e.message }, "deadline queue error"));
    this.client = options.redis.connection();
  }

  private delayFor(fireAt: number): number {
    if (this.options.virtual) return virtualHold;
    return Math.max(0, fireAt - this.options.clock.now().getTime());
  }

  async schedule(jobs: TimerJob[]): Promise<void> {
    if (jobs.length === 0) return;
    // A duplicate id is ignored by BullMQ, which is what makes re-enqueueing safe.
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: j.kind,
        data: j,
        opts: {
          jobId: j.id,
          delay: this.delayFor(j.fireAt),
          attempts: 5,
          backoff: { type: "exponential", delay: 1000 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  async cancel(ids: string[]): Promise<void> {
    // An active job cannot be removed; it finds its row re-versioned and does nothing.
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  async missing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const pipe = this.client.pipeline();
    for (const id of ids) pipe.exists(`${this.options.redis.prefix}:${deadlineQueueName}:${id}`);
    const res = (await pipe.exec()) ?? [];
    return ids.filter((_, i) => res[i]?.[1] !== 1);
  }

  async start(processor: TimerProcessor): Promise<void> {
    this.worker = new Worker(deadlineQueueName, async (job: Job<TimerJob>) => processor(job.data), {
      connection: this.options.redis.connection(),
      prefix: this.options.redis.prefix,
      concurrency: this.options.concurrency ?? 50,
    });
    this.worker.on("error", (e) => this.options.logger.warn({ err: e.message }, "deadline worker error"));
    this.worker.on("failed", (job, e) =>
      this.options.logger.warn({ job: job?.id, err: e.message }, "deadline timer failed; BullMQ retries it"),
    );
  }

  private async dueJobs(now: number): Promise<TimerJob[]> {
    const delayed = await this.queue.getDelayed(0, -1);
    return delayed
      .map((j) => j?.data as TimerJob | undefined)
      .filter((d): d is TimerJob => !!d && d.fireAt <= now)
      .sort(fireOrder);
  }

  async runDue(now: number): Promise<void> {
    // A job that fails goes back to delayed for its retry; it is not promoted again in the same round.
    const tried = new Set<string>();
    for (;;) {
      const next = (await this.dueJobs(now)).find((j) => !tried.has(j.id));
      if (!next) return;
      tried.add(next.id);
      const job = await this.queue.getJob(next.id);
      try {
        await job?.promote();
      } catch {
        // Another process promoted it first.
      }
      await this.waitFinished(next.id);
    }
  }

  private async waitFinished(id: string): Promise<void> {
    const limit = Date.now() + (this.options.finishTimeoutMs ?? 15_000);
    // Polls Redis for the job to leave waiting/active (it is removed on completion). A retried job goes
    // back to delayed and counts as finished for this round.
    while (busyStates.has(await this.queue.getJobState(id))) {
      if (Date.now() > limit) {
        this.options.logger.warn({ job: id }, "deadline timer did not finish (is a worker running?)");
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async nextFireAt(): Promise<number | null> {
    const delayed = await this.queue.getDelayed(0, -1);
    let min: number | null = null;
    for (const j of delayed) {
      const f = (j?.data as TimerJob | undefined)?.fireAt;
      if (f !== undefined && (min === null || f < min)) min = f;
    }
    return min;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
