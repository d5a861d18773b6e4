import type { Button } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { formatTime } from "../incidents/format.js";
import type { IncidentView } from "../incidents/index.js";
import type { Tx } from "../incidents/service.js";
import { holdsAbove, nearestPeople, partyPeople } from "./authority.js";
import { type Actor, type CaseRow, caseOf, names, type Outcome, refuse, tell, wrongState } from "./case-common.js";
import { m } from "./messages.js";
import type { Sanction } from "./policy/schema.js";
import { isSanction } from "./sanctions.js";
import type { AccountabilityService } from "./service.js";
import { armSteps, meetStep, openStep, settleSteps, stepDuty } from "./step-deadlines.js";
import { type SubjectRow, sanctionName, subjectWho } from "./subjects.js";

export interface DecisionInput {
  seq: number;
  /** A sanction id, or "none" (no sanction). */
  sanction: string;
  /** Written reason: required when the choice is outside the proposed range. */
  reason: string;
  /** External reference (police case number) for sanctions that need one. */
  reference?: string;
}

function isJoint(svc: AccountabilityService, s: Sanction): boolean {
  return svc.policy.procedure.authority.joint.sanctions.includes(s);
}

function approvalButtons(approvalId: string, locale: Locale): Button[][] {
  const value = { approval: approvalId };
  return [
    [
      { actionId: "case.approve", label: m(locale, "btnApprove"), value, style: "primary" },
      {
        actionId: "case.reject",
        label: m(locale, "btnReject"),
        value,
        style: "danger",
        input: { label: m(locale, "inputRejectReason") },
      },
    ],
  ];
}

/**
 * When every subject is settled the decision is made: the case moves to implementation with its
 * deadline (第十九条). Returns the opened row, or null when something is still waiting.
 */
async function finishIfSettled(
  svc: AccountabilityService,
  tx: Tx,
  c: CaseRow,
  actorId: string,
  implementers: string[],
) {
  const subjects = await tx.caseSubject.findMany({ where: { caseId: c.id } });
  const waiting = subjects.some((s) => s.state === "pending" || s.state === "awaiting_approval");
  if (waiting) {
    const state = subjects.some((s) => s.state === "awaiting_approval") ? "awaiting_approval" : "awaiting_decision";
    await tx.accountabilityCase.update({ where: { id: c.id }, data: { state } });
    return null;
  }
  const now = svc.now();
  await tx.accountabilityCase.update({ where: { id: c.id }, data: { state: "decided", decidedAt: now } });
  const met = await meetStep(tx, c.incidentId, "case_decision", actorId, "decided", now);
  const row = await openStep(svc, tx, c.incidentId, "case_implementation", implementers);
  await svc.app.audit.append(
    {
      actor: actorId,
      action: "case.decided",
      subjectType: "incident",
      subjectId: c.incidentId,
      data: { number: c.number },
    },
    tx,
  );
  return { met, row, implementers };
}

async function afterFinish(
  svc: AccountabilityService,
  inc: IncidentView,
  done: Awaited<ReturnType<typeof finishIfSettled>>,
): Promise<void> {
  if (!done) return;
  await settleSteps(svc, [done.met]);
  await armSteps(svc, [done.row]);
  const basis = stepDuty(svc, "case_implementation").basis ?? "";
  await tell(svc, done.implementers, (locale) => ({
    text: m(locale, "implementRequest", { number: inc.number, due: formatTime(done.row.dueAt), basis }),
    buttons: [
      [
        {
          actionId: "case.implement",
          label: m(locale, "btnImplement"),
          value: { incident: inc.number },
          style: "primary",
          input: { label: m(locale, "inputImplement") },
        },
      ],
    ],
  }));
}

/** Who implements a decision: the nearest holders of the implementation step's owner role. */
function implementersOf(svc: AccountabilityService, unitId: string): Promise<string[]> {
  return nearestPeople(svc.app.directory, unitId, [svc.policy.procedure.deadlines.case_implementation.owner]);
}

/** Decides on one subject (第十八条): directly, or by proposing a joint decision that waits for approvals. */
export async function decide(
  svc: AccountabilityService,
  inc: IncidentView,
  input: DecisionInput,
  actor: Actor,
): Promise<Outcome> {
  const c = await caseOf(svc, inc.id);
  if (!c) return { ok: false, text: m(actor.locale, "noCase", { number: inc.number }) };
  const authority = svc.policy.procedure.authority;
  const sanction = input.sanction;
  if (sanction !== "none" && !isSanction(sanction))
    return {
      ok: false,
      text: m(actor.locale, "unknownSanction", {
        word: sanction,
        list: Object.keys(svc.policy.matrix.sanctions).join(", "),
      }),
    };
  const deciders = sanction !== "none" && isJoint(svc, sanction) ? authority.joint.deciders : authority.direct.deciders;
  if (!(await holdsAbove(svc.app.directory, actor.personId, inc.unitId, deciders)))
    return refuse(svc, inc, "decide", actor, { seq: input.seq, sanction });
  if (c.state !== "awaiting_decision" && c.state !== "awaiting_approval")
    return wrongState(inc, c, "decide", actor.locale);
  const s = await svc.prisma.caseSubject.findUnique({ where: { caseId_seq: { caseId: c.id, seq: input.seq } } });
  if (!s) return { ok: false, text: m(actor.locale, "noSubject", { number: inc.number, seq: input.seq }) };
  if (s.state !== "pending")
    return { ok: false, text: m(actor.locale, "subjectSettled", { number: inc.number, seq: s.seq }) };
  const mitigation = s.mitigation
    ? svc.policy.matrix.mitigation[s.mitigation as keyof typeof svc.policy.matrix.mitigation]
    : undefined;
  const noLiability = mitigation?.effect === "no_liability";
  // Inside the range needs no reason; "none" for a subject without liability neither; anything else does.
  const inside = sanction === "none" ? noLiability : s.proposed.includes(sanction);
  const reason = input.reason.trim();
  const range = s.proposed.map((p) => sanctionName(svc, p, actor.locale)).join(" / ") || m(actor.locale, "noRange");
  if (!inside && !reason)
    return {
      ok: false,
      text: m(actor.locale, "needReason", { sanction: sanctionName(svc, sanction, actor.locale), range }),
    };
  if (sanction !== "none" && svc.policy.procedure.needsReference.includes(sanction) && !input.reference?.trim())
    return {
      ok: false,
      text: m(actor.locale, "needReference", { sanction: sanctionName(svc, sanction, actor.locale) }),
    };
  const joint = sanction !== "none" && isJoint(svc, sanction);
  const parties = joint
    ? await Promise.all(
        Object.entries(authority.joint.approvers).map(async ([party, def]) => ({
          party,
          def,
          personIds: await partyPeople(svc.app.directory, def, inc.unitId),
        })),
      )
    : [];
  const now = svc.now();
  const implementers = await implementersOf(svc, c.unitId);
  const { done, approvals } = await svc.prisma.$transaction(async (tx) => {
    const data = {
      sanction,
      outsideRangeReason: inside ? null : reason,
      policeReference: input.reference?.trim() || null,
      decidedBy: actor.auditId,
      decidedAt: now,
      state: joint ? "awaiting_approval" : sanction === "none" && noLiability ? "no_liability" : "decided",
    };
    await tx.caseSubject.update({ where: { id: s.id }, data });
    const approvals = [];
    for (const p of parties) {
      approvals.push(
        await tx.caseApproval.upsert({
          where: { subjectId_party: { subjectId: s.id, party: p.party } },
          create: { caseId: c.id, subjectId: s.id, party: p.party, personIds: p.personIds },
          update: { personIds: p.personIds, state: "pending", decidedBy: null, decidedAt: null, note: null },
        }),
      );
    }
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: joint ? "case.decision_proposed" : "case.subject_decided",
        subjectType: "incident",
        subjectId: inc.id,
        data: {
          number: inc.number,
          seq: s.seq,
          sanction,
          proposed: s.proposed,
          basis: s.basis,
          outsideRange: !inside,
          reason: inside ? null : reason,
          reference: input.reference?.trim() || null,
          article: joint ? authority.joint.article : authority.direct.article,
          via: actor.via,
        },
      },
      tx,
    );
    const done = joint ? null : await finishIfSettled(svc, tx, c, actor.auditId, implementers);
    if (joint) await tx.accountabilityCase.update({ where: { id: c.id }, data: { state: "awaiting_approval" } });
    return { done, approvals };
  });
  await afterFinish(svc, inc, done);
  const who = await subjectWho(svc, s, actor.locale);
  const sName = sanctionName(svc, sanction, actor.locale);
  if (!joint)
    return {
      ok: true,
      text: m(actor.locale, done ? "decidedAll" : "decided", { number: inc.number, seq: s.seq, who, sanction: sName }),
    };
  for (const a of approvals) {
    const def = authority.joint.approvers[a.party]!;
    await tell(svc, a.personIds, async (locale) => ({
      text: m(locale, "approvalRequest", {
        number: inc.number,
        who: await subjectWho(svc, s, locale),
        sanction: sanctionName(svc, sanction, locale),
        basis: authority.joint.article,
        party: def[locale],
        reason: inside ? "" : m(locale, "outsideReason", { reason }),
      }),
      buttons: approvalButtons(a.id, locale),
    }));
  }
  const partyList = parties.map((p) => p.def[actor.locale]).join("、");
  return {
    ok: true,
    text: m(actor.locale, "jointProposed", {
      number: inc.number,
      seq: s.seq,
      who,
      sanction: sName,
      parties: partyList,
      basis: authority.joint.article,
    }),
  };
}

/** One party's answer to a joint decision. A rejection sends the subject back to the deciders. */
export async function answerApproval(
  svc: AccountabilityService,
  approvalId: string,
  approve: boolean,
  note: string,
  actor: Actor,
): Promise<Outcome> {
  const a = await svc.prisma.caseApproval.findUnique({ where: { id: approvalId } });
  if (!a) return { ok: false, text: m(actor.locale, "noApproval") };
  const c = (await svc.prisma.accountabilityCase.findUnique({ where: { id: a.caseId } }))!;
  const incident = await svc.prisma.incident.findUniqueOrThrow({ where: { id: c.incidentId } });
  const inc = { id: incident.id, number: incident.number } as IncidentView;
  const def = svc.policy.procedure.authority.joint.approvers[a.party];
  // The party's current holders may answer too: a successor inherits the pending approval.
  const now = def ? await partyPeople(svc.app.directory, def, c.unitId) : [];
  if (!actor.personId || (!a.personIds.includes(actor.personId) && !now.includes(actor.personId)))
    return refuse(svc, inc, "approve", actor, { party: a.party });
  if (a.state !== "pending") return { ok: false, text: m(actor.locale, "approvalAnswered", { state: a.state }) };
  const s = (await svc.prisma.caseSubject.findUniqueOrThrow({ where: { id: a.subjectId } })) as SubjectRow;
  const when = svc.now();
  const implementers = await implementersOf(svc, c.unitId);
  const { done, allApproved } = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.caseApproval.updateMany({
      where: { id: a.id, state: "pending" },
      data: {
        state: approve ? "approved" : "rejected",
        decidedBy: actor.personId,
        decidedAt: when,
        note: note.trim() || null,
      },
    });
    if (r.count !== 1) return { done: null, allApproved: false };
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: approve ? "case.approval_given" : "case.approval_refused",
        subjectType: "incident",
        subjectId: c.incidentId,
        data: { number: c.number, seq: s.seq, party: a.party, sanction: s.sanction, note: note.trim(), via: actor.via },
      },
      tx,
    );
    if (!approve) {
      await tx.caseSubject.update({
        where: { id: s.id },
        data: { state: "pending", sanction: null, decidedAt: null, decidedBy: null },
      });
      await tx.caseApproval.updateMany({ where: { subjectId: s.id, state: "pending" }, data: { state: "withdrawn" } });
      await tx.accountabilityCase.update({ where: { id: c.id }, data: { state: "awaiting_decision" } });
      return { done: null, allApproved: false };
    }
    const left = await tx.caseApproval.count({ where: { subjectId: s.id, state: { not: "approved" } } });
    if (left > 0) return { done: null, allApproved: false };
    await tx.caseSubject.update({ where: { id: s.id }, data: { state: "decided", decidedAt: when } });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.subject_decided",
        subjectType: "incident",
        subjectId: c.incidentId,
        data: { number: c.number, seq: s.seq, sanction: s.sanction, joint: true },
      },
      tx,
    );
    return { done: await finishIfSettled(svc, tx, c, actor.auditId, implementers), allApproved: true };
  });
  const full = await svc.prisma.incident.findUniqueOrThrow({ where: { id: c.incidentId } });
  const view = { ...inc, number: full.number } as IncidentView;
  await afterFinish(svc, view, done);
  const party = def?.[actor.locale] ?? a.party;
  if (!approve) {
    const decider = s.decidedBy ? [s.decidedBy] : [];
    await tell(svc, decider, async (l) => ({
      text: m(l, "approvalRejectedDm", {
        number: c.number,
        seq: s.seq,
        party: def?.[l] ?? a.party,
        note: note.trim() || "-",
      }),
    }));
    return { ok: true, text: m(actor.locale, "rejectedNow", { number: c.number, seq: s.seq, party }) };
  }
  return {
    ok: true,
    text: m(actor.locale, allApproved ? "approvedAll" : "approvedNow", {
      number: c.number,
      seq: s.seq,
      party,
      who: await names(svc, [actor.personId], actor.locale),
    }),
  };
}
