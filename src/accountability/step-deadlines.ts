import { parseDuration } from "../core/clock.js";
import { levelForRole } from "../incidents/chain.js";
import { allJobIds, jobsFor } from "../incidents/deadlines/jobs.js";
import { createDeadline, currentRow, type DeadlineRow } from "../incidents/deadlines/rows.js";
import { toView } from "../incidents/incident-view.js";
import { closeNotices } from "../incidents/notices.js";
import type { DutySnapshot, RuleSnapshot } from "../incidents/policy/resolve.js";
import type { Tx } from "../incidents/service.js";
import type { CaseDutyId } from "./policy/schema.js";
import type { AccountabilityService } from "./service.js";

/** The step's deadline as an incident duty (durations in ms), from the procedure policy. */
export function stepDuty(svc: AccountabilityService, id: CaseDutyId): DutySnapshot {
  const d = svc.policy.procedure.deadlines[id];
  return {
    id,
    title: d.title,
    owner: d.owner,
    dueMs: parseDuration(d.due),
    remindBeforeMs: d.remindBefore.map(parseDuration),
    proof: "optional",
    onMiss: { windowMs: parseDuration(d.onMiss.window), to: d.onMiss.to },
    ...(d.basis ? { basis: d.basis } : {}),
    doneVia: "/case",
  };
}

/**
 * Opens the deadline of a case step as an incident duty row, so it reminds and escalates up the
 * incident's frozen chain like any other duty. The incident engine looks duties up in the incident's
 * frozen rule, so the step's duty is appended there first (workaround until incidents accept duties
 * defined by other features). The assignment notice is ours (case buttons), so it is not left pending.
 */
export async function openStep(
  svc: AccountabilityService,
  tx: Tx,
  incidentId: string,
  id: CaseDutyId,
  ownerPersonIds: string[],
): Promise<DeadlineRow> {
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  const inc = toView(incident);
  const duty = stepDuty(svc, id);
  if (!inc.rule.duties.some((d) => d.id === id)) {
    const rule: RuleSnapshot = { ...inc.rule, duties: [...inc.rule.duties, duty] };
    await tx.incident.update({ where: { id: incidentId }, data: { policySnapshot: rule as object } });
  }
  const now = svc.now();
  const row = await createDeadline(tx, {
    incidentId,
    kind: "duty",
    dutyId: id,
    level: levelForRole(inc.chain, inc.rule.chain, duty.owner),
    chain: inc.chain,
    ...(ownerPersonIds.length ? { ownerPersonIds } : {}),
    dueAt: new Date(now.getTime() + duty.dueMs),
    remindBeforeMs: duty.remindBeforeMs,
    from: now,
    notice: "assigned",
  });
  return tx.deadline.update({ where: { id: row.id }, data: { noticePending: null } });
}

/** Arms the timers of rows opened in a transaction that has committed. */
export async function armSteps(svc: AccountabilityService, rows: readonly DeadlineRow[]): Promise<void> {
  for (const r of rows) await svc.incidents.timers.schedule(jobsFor(r));
}

/** Closes the open row of a step as met, by the person who did the step. Null when none was open. */
export async function meetStep(
  tx: Tx,
  incidentId: string,
  id: CaseDutyId,
  actorId: string,
  proof: string,
  now: Date,
): Promise<DeadlineRow | null> {
  const row = await currentRow(tx, incidentId, id);
  if (row?.state !== "open") return null;
  const r = await tx.deadline.updateMany({
    where: { id: row.id, version: row.version, state: "open" },
    data: { state: "met", closedAt: now, closedBy: actorId, proof },
  });
  return r.count === 1 ? row : null;
}

/** After commit: stops the met rows' timers and strips the buttons of their escalation notices. */
export async function settleSteps(svc: AccountabilityService, rows: readonly (DeadlineRow | null)[]): Promise<void> {
  for (const r of rows) {
    if (!r) continue;
    await svc.incidents.timers.cancel(allJobIds(r));
    await closeNotices(svc.incidents, r, (l) =>
      l === "en" ? "✅ done in the case procedure" : "✅ 已在追责程序中完成",
    );
  }
}

/** The open row of each case step, for the status view. */
export async function openSteps(svc: AccountabilityService, incidentId: string): Promise<DeadlineRow[]> {
  return svc.prisma.deadline.findMany({
    where: { incidentId, kind: "duty", dutyId: { startsWith: "case_" }, state: "open" },
    orderBy: { dueAt: "asc" },
  });
}
