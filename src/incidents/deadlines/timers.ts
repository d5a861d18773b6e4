import type { TimerJob } from "./jobs.js";

/** Runs one due timer; throwing makes the backend retry it. */
export type TimerProcessor = (job: TimerJob) => Promise<void>;

/**
 * Where deadline timers live. BullMQ in production; the in-memory stand-in keeps the same timing
 * semantics for the simulator when no Redis answers. Implementations ignore an id already scheduled.
 */
export interface DeadlineTimers {
  readonly backend: "bullmq" | "memory";
  schedule(jobs: TimerJob[]): Promise<void>;
  cancel(ids: string[]): Promise<void>;
  /** The ids among `ids` that are not scheduled (or running). */
  missing(ids: string[]): Promise<string[]>;
  /** Starts processing jobs. */
  start(processor: TimerProcessor): Promise<void>;
  /**
   * Virtual time: fires, one at a time in fire order, every job due by `now` (including those that
   * firing creates), and returns once they have finished.
   */
  runDue(now: number): Promise<void>;
  /** The earliest fire time scheduled, or null. */
  nextFireAt(): Promise<number | null>;
  /** Stops processing (in-flight jobs finish) and closes connections. */
  close(): Promise<void>;
}
