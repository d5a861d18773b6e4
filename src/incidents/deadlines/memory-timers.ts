import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { fireOrder, type TimerJob } from "./jobs.js";
import type { DeadlineTimers, TimerProcessor } from "./timers.js";

/**
 * A stand-in for the BullMQ timers with the same timing semantics, for the simulator when no Redis
 * answers: ids are unique, duplicates ignored, jobs fire in fire order, a failed job is retried (up to
 * 5 attempts). Not durable: the reconciler rebuilds it from the Deadline rows.
 */
export class MemoryTimers implements DeadlineTimers {
  readonly backend = "memory" as const;
  private readonly jobs = new Map<string, TimerJob & { attempts: number }>();
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();
  private processor: TimerProcessor | undefined;

  constructor(private readonly options: { clock: Clock; logger: Logger; virtual: boolean }) {}

  async schedule(jobs: TimerJob[]): Promise<void> {
    for (const j of jobs) {
      if (this.jobs.has(j.id) || this.running.has(j.id)) continue;
      this.jobs.set(j.id, { ...j, attempts: 0 });
      if (!this.options.virtual) this.arm(j.id);
    }
  }

  private arm(id: string): void {
    const j = this.jobs.get(id);
    if (!j || !this.processor) return;
    const delay = Math.max(0, j.fireAt - this.options.clock.now().getTime());
    this.handles.set(id, setTimeout(() => void this.runOne(id), delay).unref());
  }

  async cancel(ids: string[]): Promise<void> {
    for (const id of ids) {
      this.jobs.delete(id);
      clearTimeout(this.handles.get(id));
      this.handles.delete(id);
    }
  }

  async missing(ids: string[]): Promise<string[]> {
    return ids.filter((id) => !this.jobs.has(id) && !this.running.has(id));
  }

  async start(processor: TimerProcessor): Promise<void> {
    this.processor = processor;
    if (!this.options.virtual) for (const id of this.jobs.keys()) this.arm(id);
  }

  /** Runs one job; true when it finished (failures stay scheduled for a retry). */
  private async runOne(id: string): Promise<boolean> {
    const j = this.jobs.get(id);
    if (!j || !this.processor) return true;
    this.jobs.delete(id);
    this.running.add(id);
    try {
      await this.processor(j);
      return true;
    } catch (e) {
      this.options.logger.warn({ job: id, err: (e as Error).message }, "deadline timer failed; retrying");
      if (j.attempts + 1 < 5) this.jobs.set(id, { ...j, attempts: j.attempts + 1 });
      return false;
    } finally {
      this.running.delete(id);
    }
  }

  async runDue(now: number): Promise<void> {
    const failed = new Set<string>();
    for (;;) {
      const next = [...this.jobs.values()].filter((j) => j.fireAt <= now && !failed.has(j.id)).sort(fireOrder)[0];
      if (!next) return;
      if (!(await this.runOne(next.id))) failed.add(next.id);
    }
  }

  async nextFireAt(): Promise<number | null> {
    let min: number | null = null;
    for (const j of this.jobs.values()) if (min === null || j.fireAt < min) min = j.fireAt;
    return min;
  }

  async close(): Promise<void> {
    for (const h of this.handles.values()) clearTimeout(h);
    this.handles.clear();
    this.processor = undefined;
  }
}
