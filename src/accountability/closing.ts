import { allJobIds } from "../incidents/deadlines/jobs.js";
import { formatTime } from "../incidents/format.js";
import { type IncidentView, incidentServiceOf } from "../incidents/index.js";
import { holdsAbove, nearestPeople } from "./authority.js";
import { type Actor, caseOf, names, type Outcome, refuse, stateName, tell, wrongState } from "./case-common.js";
import { officeRoles } from "./investigation.js";
import { m } from "./messages.js";
import type { AccountabilityService } from "./service.js";
import { meetStep, settleSteps } from "./step-deadlines.js";

/** Records that the decision was carried out (第十九条: HR, finance, the competent department, the office). */
export async function recordImplementation(
  svc: AccountabilityService,
  inc: IncidentView,
  note: string,
  actor: Actor,
): Promise<Outcome> {
  const c = await caseOf(svc, inc.id);
  if (!c) return { ok: false, text: m(actor.locale, "noCase", { number: inc.number }) };
  if (!(await holdsAbove(svc.app.directory, actor.personId, inc.unitId, officeRoles(svc))))
    return refuse(svc, inc, "implement", actor);
  if (c.state !== "decided") return wrongState(inc, c, "implement", actor.locale);
  if (!note.trim()) return { ok: false, text: m(actor.locale, "needImplementNote", { number: inc.number }) };
  const now = svc.now();
  const met = await svc.prisma.$transaction(async (tx) => {
    await tx.accountabilityCase.update({
      where: { id: c.id },
      data: { state: "implemented", implementationNote: note.trim(), implementedAt: now, implementedBy: actor.auditId },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.implemented",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, note: note.trim(), via: actor.via },
      },
      tx,
    );
    return meetStep(tx, inc.id, "case_implementation", actor.auditId, note.trim(), now);
  });
  await settleSteps(svc, [met]);
  return { ok: true, text: m(actor.locale, "implemented", { number: inc.number, at: formatTime(now) }) };
}

/**
 * Closes a case. Without a passed review this is closing perfunctorily (敷衍结案, 第十一条): refused,
 * audited, and the superior accountability body is told (第十四条: each body answers to the one above).
 */
export async function closeCase(svc: AccountabilityService, inc: IncidentView, actor: Actor): Promise<Outcome> {
  const c = await caseOf(svc, inc.id);
  if (!c) return { ok: false, text: m(actor.locale, "noCase", { number: inc.number }) };
  if (!(await holdsAbove(svc.app.directory, actor.personId, inc.unitId, officeRoles(svc))))
    return refuse(svc, inc, "close", actor);
  if (c.state === "closed") return wrongState(inc, c, "close", actor.locale);
  if (!c.reviewPassedAt) {
    const superiors = (await nearestPeople(svc.app.directory, inc.unitId, ["leadership_group"])).concat(
      await nearestPeople(svc.app.directory, inc.unitId, ["security_office"]),
    );
    const told = [...new Set(superiors)].filter((p) => p !== actor.personId);
    await svc.app.audit.append({
      actor: actor.auditId,
      action: "case.close.refused",
      subjectType: "incident",
      subjectId: inc.id,
      data: {
        number: inc.number,
        reason: "review_not_passed",
        state: c.state,
        article: "篇五 第十一条",
        told,
        via: actor.via,
      },
    });
    const who = await names(svc, [actor.personId ?? actor.auditId], svc.app.config.locale);
    await tell(svc, told, (l) => ({
      text: m(l, "superiorTold", { actor: who, number: inc.number, state: stateName(c.state, l) }),
    }));
    return { ok: false, refused: true, text: m(actor.locale, "closeNoReview", { number: inc.number }) };
  }
  if (c.state !== "implemented") {
    await svc.app.audit.append({
      actor: actor.auditId,
      action: "case.close.refused",
      subjectType: "incident",
      subjectId: inc.id,
      data: { number: inc.number, reason: "not_implemented", state: c.state, via: actor.via },
    });
    return {
      ok: false,
      text: m(actor.locale, "closeNotImplemented", { number: inc.number, state: stateName(c.state, actor.locale) }),
    };
  }
  const now = svc.now();
  // Closing the case closes the incident: what is still open on it is cancelled, and its timers go.
  const stillOpen = await svc.prisma.deadline.findMany({ where: { incidentId: inc.id, state: "open" } });
  await svc.prisma.$transaction(async (tx) => {
    await tx.accountabilityCase.update({
      where: { id: c.id },
      data: { state: "closed", closedAt: now, closedBy: actor.auditId },
    });
    await tx.incident.update({ where: { id: inc.id }, data: { state: "closed", closedAt: now } });
    await tx.deadline.updateMany({
      where: { incidentId: inc.id, state: "open" },
      data: { state: "cancelled", closedAt: now, closedBy: actor.auditId, noticePending: null },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.closed",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, via: actor.via, cancelledDeadlines: stillOpen.map((d) => d.id) },
      },
      tx,
    );
  });
  await incidentServiceOf(svc.app).timers.cancel(stillOpen.flatMap(allJobIds));
  return { ok: true, text: m(actor.locale, "closed", { number: inc.number, at: formatTime(now) }) };
}
