import type { Button, MessageRef } from "../chat/types.js";
import { parseDuration } from "../core/clock.js";
import { openIncident } from "../incidents/index.js";
import type { Role } from "../org/directory.js";
import { t } from "./messages.js";
import { onDutyAt } from "./roster.js";
import type { Occurrence } from "./schedule.js";
import type { DutiesService } from "./service.js";
import { formatLocal } from "./time.js";

type TaskRow = Awaited<ReturnType<DutiesService["prisma"]["dutyTask"]["findUniqueOrThrow"]>>;

/** The duty's title in a locale ("handover" has no policy entry). */
export function dutyTitle(svc: DutiesService, dutyId: string, locale: "zh-CN" | "en"): string {
  if (dutyId === "handover") return locale === "en" ? "Shift handover" : "交接班";
  return svc.policy.checks[dutyId]?.title[locale] ?? dutyId;
}

async function ownerFor(svc: DutiesService, occ: Occurrence): Promise<string | null> {
  if (occ.kind === "handover") return onDutyAt(svc, occ.unitId, new Date(occ.at.getTime() - 1));
  const owner = svc.policy.checks[occ.dutyId]?.owner ?? "on_duty";
  if (owner === "on_duty") {
    const p = await onDutyAt(svc, occ.unitId, occ.at);
    if (p) return p;
  }
  const role: Role = owner === "on_duty" ? "security_officer" : owner;
  return (await svc.nearestHolders(occ.unitId, role))[0]?.id ?? null;
}

/** Creates the task for an occurrence and asks its owner; a second call for the same occurrence does nothing. */
export async function fireOccurrence(svc: DutiesService, occ: Occurrence): Promise<void> {
  const key = { dutyId: occ.dutyId, unitId: occ.unitId, scheduledAt: occ.at };
  if (await svc.prisma.dutyTask.findUnique({ where: { dutyId_unitId_scheduledAt: key }, select: { id: true } })) return;
  const owner = await ownerFor(svc, occ);
  const window =
    occ.kind === "handover"
      ? parseDuration(svc.roster.units[occ.unitId]?.handoverGrace ?? "1h")
      : parseDuration(svc.policy.checks[occ.dutyId]!.due);
  const dueAt = new Date(occ.at.getTime() + window);
  // A handover recorded before its shift ended already keeps the duty.
  const early =
    occ.kind === "handover"
      ? await svc.prisma.dutyHandover.findFirst({ where: { unitId: occ.unitId, shiftEnd: occ.at } })
      : null;
  let task: TaskRow;
  try {
    task = await svc.prisma.$transaction(async (tx) => {
      const row = await tx.dutyTask.create({
        data: {
          ...key,
          kind: occ.kind,
          ownerPersonId: owner,
          dueAt,
          createdAt: svc.now(),
          ...(early ? { state: "done", doneAt: early.recordedAt, doneBy: early.fromPersonId } : {}),
        },
      });
      await svc.app.audit.append(
        {
          actor: "system",
          action: "duty.assigned",
          subjectType: "duty",
          subjectId: row.id,
          data: { dutyId: occ.dutyId, unitId: occ.unitId, owner, dueAt: dueAt.toISOString() },
        },
        tx,
      );
      return row;
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return; // another worker fired it first
    throw e;
  }
  if (early || !owner) return;
  await askOwner(svc, task);
}

async function askOwner(svc: DutiesService, task: TaskRow): Promise<void> {
  const owner = task.ownerPersonId!;
  const locale = await svc.localeOf(owner);
  const unit = await svc.unitName(task.unitId);
  const value = { task: task.id };
  let text: string;
  let buttons: Button[];
  if (task.kind === "handover") {
    text = t(locale, "handoverAsk", {
      unit,
      end: formatLocal(task.scheduledAt, svc.tz),
      due: formatLocal(task.dueAt, svc.tz),
    });
    buttons = [{ actionId: "duty.handover.form", label: t(locale, "btnHandover"), value, style: "primary" }];
  } else {
    const check = svc.policy.checks[task.dutyId]!;
    text = t(locale, "checkAsk", {
      unit,
      title: check.title[locale],
      ask: check.ask[locale],
      due: formatLocal(task.dueAt, svc.tz),
    });
    buttons = [
      {
        actionId: "duty.done",
        label: t(locale, "btnDone"),
        value,
        style: "primary",
        input: { label: t(locale, "inputNote") },
      },
      {
        actionId: "duty.problem",
        label: t(locale, "btnProblem"),
        value,
        style: "danger",
        input: { label: t(locale, "inputProblem") },
      },
    ];
  }
  const refs = await svc.app.chat.notifyPerson(owner, { text, buttons: [buttons] });
  await svc.prisma.dutyTask.update({ where: { id: task.id }, data: { notices: refs as unknown as object[] } });
}

/** The earliest open due time or pending escalation, for driving virtual time. */
export async function nextDueAt(svc: DutiesService): Promise<Date | null> {
  const [open, missed] = await Promise.all([
    svc.prisma.dutyTask.findFirst({ where: { state: "open" }, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    svc.prisma.dutyTask.findFirst({
      where: { state: "missed", nextEscalationAt: { not: null } },
      orderBy: { nextEscalationAt: "asc" },
      select: { nextEscalationAt: true },
    }),
  ]);
  const times = [open?.dueAt, missed?.nextEscalationAt].filter((d): d is Date => d instanceof Date);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** Marks overdue tasks missed and climbs the escalation chain for those still not done, up to `now`. */
export async function processDue(svc: DutiesService, now: Date): Promise<void> {
  const chain = svc.policy.escalation.chain;
  const after = parseDuration(svc.policy.escalation.after);
  const overdue = await svc.prisma.dutyTask.findMany({
    where: { state: "open", dueAt: { lte: now } },
    orderBy: { dueAt: "asc" },
  });
  for (const task of overdue) {
    const next = chain.length > 1 ? new Date(task.dueAt.getTime() + after) : null;
    const { count } = await svc.prisma.dutyTask.updateMany({
      where: { id: task.id, state: "open" },
      data: { state: "missed", escalationLevel: 1, nextEscalationAt: next },
    });
    if (count) await escalate(svc, task, chain[0]!, 1, "duty.missed");
  }
  const climbing = await svc.prisma.dutyTask.findMany({
    where: { state: "missed", nextEscalationAt: { lte: now } },
    orderBy: { nextEscalationAt: "asc" },
  });
  for (const task of climbing) {
    const level = task.escalationLevel + 1;
    const next = level < chain.length ? new Date(task.nextEscalationAt!.getTime() + after) : null;
    const { count } = await svc.prisma.dutyTask.updateMany({
      where: { id: task.id, state: "missed", escalationLevel: task.escalationLevel },
      data: { escalationLevel: level, nextEscalationAt: next },
    });
    if (count) await escalate(svc, task, chain[level - 1]!, level, "duty.escalated");
  }
}

async function escalate(svc: DutiesService, task: TaskRow, role: Role, level: number, action: string): Promise<void> {
  const holders = await svc.nearestHolders(task.unitId, role);
  await svc.app.audit.append({
    actor: "system",
    action,
    subjectType: "duty",
    subjectId: task.id,
    data: { dutyId: task.dutyId, unitId: task.unitId, level, role, notified: holders.map((h) => h.id) },
  });
  const unit = await svc.unitName(task.unitId);
  const owner = await svc.nameOf(task.ownerPersonId);
  for (const h of holders) {
    const locale = h.locale ?? svc.app.config.locale;
    await svc.app.chat.notifyPerson(h.id, {
      text: t(locale, "missed", {
        unit,
        title: dutyTitle(svc, task.dutyId, locale),
        owner,
        due: formatLocal(task.dueAt, svc.tz),
      }),
    });
  }
}

/** Who may close a task: its owner, or anyone holding a role of the escalation chain above the unit. */
async function mayClose(svc: DutiesService, task: TaskRow, personId: string): Promise<boolean> {
  if (task.ownerPersonId === personId) return true;
  for (const role of svc.policy.escalation.chain) {
    if ((await svc.nearestHolders(task.unitId, role)).some((p) => p.id === personId)) return true;
  }
  return false;
}

export type CloseResult = { ok: true; text: string } | { ok: false; reason: "not_found" | "not_owner" | "closed" };

/**
 * Records a duty kept (done, with a note) or a problem found (opens an incident). Done after the deadline
 * counts as late, not missed.
 */
export async function closeTask(
  svc: DutiesService,
  taskId: string,
  personId: string,
  outcome: "done" | "problem",
  note: string,
): Promise<CloseResult> {
  const task = await svc.prisma.dutyTask.findUnique({ where: { id: taskId } });
  if (!task) return { ok: false, reason: "not_found" };
  if (task.state !== "open" && task.state !== "missed") return { ok: false, reason: "closed" };
  if (!(await mayClose(svc, task, personId))) return { ok: false, reason: "not_owner" };
  const now = svc.now();
  let incident: { id: string; number: string } | undefined;
  if (outcome === "problem") {
    const check = svc.policy.checks[task.dutyId];
    incident = await openIncident(svc.app, {
      category: check?.problemCategory ?? "other",
      severity: "general",
      unitId: task.unitId,
      description: `${dutyTitle(svc, task.dutyId, svc.app.config.locale)}: ${note.trim() || "-"}`,
      reporter: { personId },
      via: "duty",
    });
  }
  const late = task.state === "missed" || now > task.dueAt;
  const closed = await svc.prisma.$transaction(async (tx) => {
    const { count } = await tx.dutyTask.updateMany({
      where: { id: task.id, state: task.state },
      data: {
        state: outcome,
        late,
        doneAt: now,
        doneBy: personId,
        note: note.trim() || null,
        nextEscalationAt: null,
        incidentId: incident?.id ?? null,
      },
    });
    if (!count) return false;
    await svc.app.audit.append(
      {
        actor: personId,
        action: outcome === "problem" ? "duty.problem" : "duty.done",
        subjectType: "duty",
        subjectId: task.id,
        data: { dutyId: task.dutyId, unitId: task.unitId, late, note: note.trim(), incident: incident?.number ?? null },
      },
      tx,
    );
    return true;
  });
  if (!closed) return { ok: false, reason: "closed" };
  const locale = await svc.localeOf(personId);
  const params = {
    title: dutyTitle(svc, task.dutyId, locale),
    who: await svc.nameOf(personId),
    at: formatLocal(now, svc.tz),
    note: note.trim(),
    number: incident?.number ?? "",
  };
  const text = t(locale, incident ? "problem" : late ? "doneLate" : "done", params);
  for (const ref of (task.notices ?? []) as unknown as MessageRef[]) await svc.app.chat.edit(ref, { text });
  return { ok: true, text };
}
