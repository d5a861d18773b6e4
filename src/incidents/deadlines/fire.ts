import { metricsOf } from "../../observability/metrics.js";
import { nextLevel } from "../chain.js";
import { formatTime } from "../format.js";
import { dutyOf, type IncidentView, namesOf, toView, whatOf } from "../incident-view.js";
import { m } from "../messages.js";
import { closeNotices, deliverPending } from "../notices.js";
import type { IncidentService } from "../service.js";
import { openNextLevel } from "./hand-up.js";
import { jobsFor, type TimerJob } from "./jobs.js";
import { type DeadlineRow, keyOf } from "./rows.js";

/**
 * Runs one timer. The row is the truth: a timer whose row is no longer open at that version does
 * nothing. The state change is a conditional update inside a transaction, so however many processes
 * hold a copy of the timer, it takes effect once.
 *
 * A missed deadline is closed as `missed` (the record of who let it pass) and a new row is opened for
 * the next level of the chain with a fresh window counted from the missed due time.
 */
export async function processTimer(svc: IncidentService, job: TimerJob): Promise<void> {
  const row = await svc.prisma.deadline.findUnique({ where: { id: job.deadlineId }, include: { incident: true } });
  if (!row?.incident) return;
  if (row.state === "open" && row.version === job.version) {
    const inc = toView(row.incident);
    // A reminder overtaken by its due time (the clock jumped, or the process was down) stays silent.
    if (job.kind === "remind") {
      if (svc.now() < row.dueAt) await remind(svc, inc, row, job);
    } else await miss(svc, inc, row, job);
  }
  // Also delivers what a crashed earlier attempt committed but did not send.
  await deliverPending(svc, row.incidentId);
}

async function remind(svc: IncidentService, inc: IncidentView, row: DeadlineRow, job: TimerJob): Promise<void> {
  const index = job.index ?? 0;
  const claimed = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.deadline.updateMany({
      where: { id: row.id, version: row.version, state: "open", remindersSent: { lte: index } },
      data: { remindersSent: index + 1, noticePending: "reminder" },
    });
    if (r.count !== 1) return false;
    await svc.app.audit.append(
      {
        actor: "system",
        action: "deadline.reminded",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, deadline: row.id, key: keyOf(row), index, dueAt: row.dueAt.toISOString() },
      },
      tx,
    );
    return true;
  });
  if (!claimed) return;
  svc.emit({
    kind: "reminder",
    incident: inc.number,
    deadline: keyOf(row),
    to: row.ownerPersonIds.join(","),
    text: `${whatOf(inc, row, svc.locale)} → ${formatTime(row.dueAt)}`,
  });
  await svc.hooks.afterCommit?.(job);
}

async function miss(svc: IncidentService, inc: IncidentView, row: DeadlineRow, job: TimerJob): Promise<void> {
  const duty = dutyOf(inc, row.dutyId);
  const next = nextLevel(inc.chain, inc.rule.chain, row.level, duty?.onMiss.to ?? "next");
  const at = row.dueAt;
  const created = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.deadline.updateMany({
      where: { id: row.id, version: row.version, state: "open" },
      data: { state: "missed", closedAt: at, closedBy: "system", noticePending: next === null ? "exhausted" : null },
    });
    if (r.count !== 1) return undefined;
    await svc.app.audit.append(
      {
        actor: "system",
        action: "deadline.missed",
        subjectType: "incident",
        subjectId: inc.id,
        data: {
          number: inc.number,
          deadline: row.id,
          key: keyOf(row),
          owners: row.ownerPersonIds,
          level: row.level,
          dueAt: at.toISOString(),
        },
      },
      tx,
    );
    if (next === null) return null;
    const role = inc.chain.levels[next]!.role;
    const windowMs = row.kind === "ack" ? inc.rule.ack.windowsMs[role]! : duty!.onMiss.windowMs;
    return openNextLevel(svc, tx, inc, row, {
      level: next,
      dueAt: new Date(at.getTime() + windowMs),
      from: at,
      notice: "escalated",
      actor: "system",
    });
  });
  if (created === undefined) return;
  const locale = svc.locale;
  const what = whatOf(inc, row, locale);
  const metrics = metricsOf(svc.app);
  const kind = row.kind === "ack" ? "ack" : "duty";
  metrics.deadlinesMissed.inc({ kind });
  // How late the escalation left after the due time (timer lag, not the policy's window).
  if (created) metrics.escalationLag.observe({ kind }, Math.max(0, svc.now().getTime() - row.dueAt.getTime()) / 1000);
  svc.emit({
    kind: "deadline_missed",
    incident: inc.number,
    deadline: keyOf(row),
    to: row.ownerPersonIds.join(","),
    text: `${what}: ${await namesOf(svc, inc, row.ownerPersonIds, locale)}`,
  });
  if (created) {
    svc.emit({
      kind: "escalated",
      incident: inc.number,
      deadline: keyOf(row),
      to: created.ownerPersonIds.join(","),
      text: `${what} → ${await namesOf(svc, inc, created.ownerPersonIds, locale)}, ${formatTime(created.dueAt)}`,
    });
  }
  await svc.hooks.afterCommit?.(job);
  if (created) await svc.timers.schedule(jobsFor(created));
  const nextNames = created ? await namesOf(svc, inc, created.ownerPersonIds, locale) : "";
  await closeNotices(svc, row, (l) =>
    created
      ? m(l, "closedMissed", { at: formatTime(at), next: nextNames })
      : m(l, "closedExhausted", { at: formatTime(at) }),
  );
}
