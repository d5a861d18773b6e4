import { type Job, Queue, Worker } from "bullmq";
import { parseDuration } from "../core/clock.js";
import { purgeExpired } from "../retention/purge.js";
import { cronPatternFor, type Occurrence, occurrencesBetween } from "./schedule.js";
import type { DutiesService } from "./service.js";
import { fireOccurrence, nextDueAt, processDue } from "./tasks.js";

const queueName = "duties";
const dayMs = 86_400_000;
type DutyJob = { kind: "check" | "handover" | "purge" | "sweep"; dutyId?: string; unitId?: string };

/**
 * Drives the duty schedule. Under the system clock BullMQ job schedulers fire each check, handover and
 * purge on its cron pattern (in the policy's time zone) and a one-minute sweep escalates what is
 * overdue. Under a virtual clock the same occurrences are computed from the specs and replayed in time
 * order, interleaved with deadlines, whenever the clock advances — so tests are deterministic.
 */
export class DutyEngine {
  private queue?: Queue;
  private worker?: Worker;
  private unsubscribe?: () => void;
  private cursor = new Date(0);
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly svc: DutiesService) {}

  async start(): Promise<void> {
    const { clock } = this.svc.app;
    this.cursor = clock.now();
    if (typeof clock.onAdvance === "function") {
      this.unsubscribe = clock.onAdvance((now) => this.runDue(now));
      return;
    }
    await this.startBullmq();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.chain;
    await this.worker?.close();
    await this.queue?.close();
  }

  /** Virtual time: fires every occurrence and deadline up to `now`, oldest first; serialised. */
  runDue(now: Date): Promise<void> {
    this.chain = this.chain
      .then(() => this.replay(now))
      .catch((e: Error) => {
        this.svc.app.logger.warn({ err: e.message }, "duty schedule run failed");
      });
    return this.chain;
  }

  private async replay(now: Date): Promise<void> {
    const occurrences = occurrencesBetween(this.svc.policy, this.svc.roster, this.cursor, now);
    let i = 0;
    for (;;) {
      const occ = occurrences[i];
      const due = await nextDueAt(this.svc);
      if (due && due <= now && (!occ || due <= occ.at)) {
        await processDue(this.svc, due);
        continue;
      }
      if (!occ) break;
      await this.handle(occ);
      i += 1;
    }
    this.cursor = now;
  }

  private async handle(occ: Occurrence): Promise<void> {
    if (occ.kind === "purge") {
      const at = occ.at;
      await purgeExpired(this.svc.prisma, {
        clock: { now: () => at },
        keepMs: parseDuration(this.svc.policy.retention.keep),
        audit: this.svc.app.audit,
      });
      return;
    }
    await fireOccurrence(this.svc, occ);
  }

  private async startBullmq(): Promise<void> {
    const { redis, logger } = this.svc.app;
    const tz = this.svc.tz;
    this.queue = new Queue(queueName, { connection: redis.connection(), prefix: redis.prefix });
    const wanted = new Map<string, { repeat: { pattern: string; tz: string } | { every: number }; data: DutyJob }>();
    for (const [dutyId, check] of Object.entries(this.svc.policy.checks)) {
      wanted.set(`duty-check-${dutyId}`, {
        repeat: { pattern: cronPatternFor(check), tz },
        data: { kind: "check", dutyId },
      });
    }
    for (const [unitId, unit] of Object.entries(this.svc.roster.units)) {
      const pattern = cronPatternFor({ at: unit.changeAt, days: "daily", holidays: "include" });
      wanted.set(`duty-handover-${unitId}`, { repeat: { pattern, tz }, data: { kind: "handover", unitId } });
    }
    const purge = cronPatternFor({ at: this.svc.policy.retention.purgeAt, days: "daily", holidays: "include" });
    wanted.set("duty-retention-purge", { repeat: { pattern: purge, tz }, data: { kind: "purge" } });
    wanted.set("duty-sweep", { repeat: { every: 60_000 }, data: { kind: "sweep" } });
    for (const [id, s] of wanted) {
      await this.queue.upsertJobScheduler(id, s.repeat, {
        name: s.data.kind,
        data: s.data,
        opts: { removeOnComplete: true, removeOnFail: 100 },
      });
    }
    // A check removed from the policy stops firing.
    for (const s of await this.queue.getJobSchedulers()) {
      if (s.key?.startsWith("duty-") && !wanted.has(s.key)) await this.queue.removeJobScheduler(s.key);
    }
    this.worker = new Worker(queueName, (job: Job<DutyJob>) => this.onJob(job.data), {
      connection: redis.connection(),
      prefix: redis.prefix,
      concurrency: 1,
    });
    this.worker.on("failed", (job, err) => logger.warn({ job: job?.id, err: err.message }, "duty job failed"));
  }

  private async onJob(job: DutyJob): Promise<void> {
    const now = this.svc.now();
    if (job.kind === "sweep") return processDue(this.svc, now);
    // The cron pattern may fire on days the spec skips (holidays, every-N-days): only real occurrences
    // within the last day count; creating one is idempotent.
    const recent = occurrencesBetween(this.svc.policy, this.svc.roster, new Date(now.getTime() - dayMs), now).filter(
      (o) =>
        o.kind === job.kind && (!job.dutyId || o.dutyId === job.dutyId) && (!job.unitId || o.unitId === job.unitId),
    );
    if (job.kind === "purge") {
      if (recent.length) await this.handle(recent[recent.length - 1]!);
      return;
    }
    for (const occ of recent) await this.handle(occ);
  }
}
