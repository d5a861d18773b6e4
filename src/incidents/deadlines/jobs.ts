/** A timer for one deadline: a reminder or the due time. The Deadline row is the truth; this is a cache. */
export interface TimerJob {
  /** `<deadlineId>-v<version>-<kind>`: BullMQ ids must not contain ":". */
  id: string;
  deadlineId: string;
  version: number;
  kind: "remind" | "due";
  /** Which reminder (index into Deadline.remindAt). */
  index?: number;
  /** When it should fire (ms since epoch, on the app's clock). */
  fireAt: number;
}

export interface DeadlineTimesRow {
  id: string;
  version: number;
  dueAt: Date;
  remindAt: Date[];
  remindersSent: number;
}

export function jobId(deadlineId: string, version: number, kind: string): string {
  return `${deadlineId}-v${version}-${kind}`;
}

/** The timers an open deadline needs: the reminders not yet sent, and the due time. */
export function jobsFor(row: DeadlineTimesRow): TimerJob[] {
  const jobs: TimerJob[] = [];
  row.remindAt.forEach((at, index) => {
    if (index < row.remindersSent || at.getTime() >= row.dueAt.getTime()) return;
    jobs.push({
      id: jobId(row.id, row.version, `r${index}`),
      deadlineId: row.id,
      version: row.version,
      kind: "remind",
      index,
      fireAt: at.getTime(),
    });
  });
  jobs.push({
    id: jobId(row.id, row.version, "due"),
    deadlineId: row.id,
    version: row.version,
    kind: "due",
    fireAt: row.dueAt.getTime(),
  });
  return jobs;
}

/** Every timer id a deadline version may have had (for cancelling them all). */
export function allJobIds(row: { id: string; version: number; remindAt: Date[] }): string[] {
  return [...row.remindAt.map((_, i) => jobId(row.id, row.version, `r${i}`)), jobId(row.id, row.version, "due")];
}

/** Fire order at the same instant: reminders before due times, then by id, so runs are reproducible. */
export function fireOrder(a: TimerJob, b: TimerJob): number {
  return a.fireAt - b.fireAt || (a.kind === b.kind ? 0 : a.kind === "remind" ? -1 : 1) || a.id.localeCompare(b.id);
}
