import { Queue, Worker } from "bullmq";
import type { AppContext } from "../app/context.js";

/** Waits before each retry of a message whose moderation failed; after the last, it stays "failed" for review. */
export const defaultRetryDelaysMs = [5_000, 30_000, 120_000, 600_000, 3_600_000];

/**
 * Retries moderation of stored messages that failed (or were never finished, e.g. the process died
 * between storing and judging). BullMQ delayed jobs carry the retries; on start a sweep re-enqueues
 * anything pending, so a Redis restart loses nothing — the database row is the truth.
 */
export class ModerationRetry {
  private queue: Queue | undefined;
  private worker: Worker | undefined;

  constructor(
    private readonly app: AppContext,
    private readonly retryMessage: (storedId: string) => Promise<void>,
    private readonly delays: number[] = defaultRetryDelaysMs,
  ) {}

  async start(): Promise<void> {
    const { redis } = this.app;
    this.queue = new Queue("moderation-retry", { connection: redis.connection(), prefix: redis.prefix });
    this.worker = new Worker(
      "moderation-retry",
      async (job) => {
        await this.retryMessage(String(job.data.storedId));
      },
      { connection: redis.connection(), prefix: redis.prefix, concurrency: 4 },
    );
    this.worker.on("failed", (job, err) =>
      this.app.logger.warn({ job: job?.id, err: err.message }, "moderation retry failed"),
    );
    await this.sweep();
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  /** Schedules the next attempt for a message that has failed `attempts` times. */
  async schedule(storedId: string, attempts: number): Promise<void> {
    if (!this.queue || attempts > this.delays.length) return;
    const delay = this.delays[Math.min(attempts, this.delays.length) - 1] ?? 0;
    await this.queue.add(
      "retry",
      { storedId },
      { jobId: `retry-${storedId}-${attempts}`, delay, removeOnComplete: true, removeOnFail: 100 },
    );
  }

  /** Re-enqueues every message left pending or failed (older than a minute, attempts left). */
  async sweep(): Promise<number> {
    const before = new Date(this.app.clock.now().getTime() - 60_000);
    const rows = await this.app.db.prisma.storedMessage.findMany({
      where: {
        moderationState: { in: ["pending", "failed"] },
        receivedAt: { lt: before },
        moderationAttempts: { lte: this.delays.length },
      },
      select: { id: true, moderationAttempts: true },
      take: 10_000,
    });
    for (const r of rows) await this.schedule(r.id, Math.max(1, r.moderationAttempts));
    return rows.length;
  }
}
