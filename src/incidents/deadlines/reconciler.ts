import { deliverPending } from "../notices.js";
import type { IncidentService } from "../service.js";
import { jobsFor } from "./jobs.js";

export interface ReconcileResult {
  /** Open deadlines looked at. */
  open: number;
  /** Timers that were missing from the queue and were enqueued again. */
  enqueued: number;
  /** Pending notices delivered (left behind by a crash). */
  notices: number;
}

/**
 * Makes the timer queue match the Deadline rows: every open deadline gets back any timer it is
 * missing (after a Redis restart, a FLUSH, or a crash between commit and enqueue), and notices left
 * pending are delivered. Safe to run anywhere, any time: ids are deterministic and duplicates ignored.
 */
export async function reconcile(svc: IncidentService, options: { pageSize?: number } = {}): Promise<ReconcileResult> {
  const pageSize = options.pageSize ?? 1000;
  const result: ReconcileResult = { open: 0, enqueued: 0, notices: 0 };
  let after: string | undefined;
  for (;;) {
    const rows = await svc.prisma.deadline.findMany({
      where: { state: "open", ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, version: true, dueAt: true, remindAt: true, remindersSent: true },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    result.open += rows.length;
    const jobs = rows.flatMap(jobsFor);
    const missing = new Set(await svc.timers.missing(jobs.map((j) => j.id)));
    const toAdd = jobs.filter((j) => missing.has(j.id));
    await svc.timers.schedule(toAdd);
    result.enqueued += toAdd.length;
  }
  const pending = await svc.prisma.deadline.findMany({
    where: { noticePending: { not: null } },
    select: { incidentId: true },
    distinct: ["incidentId"],
  });
  for (const p of pending) result.notices += await deliverPending(svc, p.incidentId);
  return result;
}
