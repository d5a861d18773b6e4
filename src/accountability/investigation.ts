import type { Button } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { formatTime } from "../incidents/format.js";
import type { IncidentView } from "../incidents/index.js";
import type { Role } from "../org/directory.js";
import { currentHolders, holdsAbove, nearestPeople, nearestSlots, unitOfPerson } from "./authority.js";
import { type Actor, type CaseRow, caseOf, names, type Outcome, refuse, tell, wrongState } from "./case-common.js";
import { m } from "./messages.js";
import { type Conduct, conductKinds, type Impact, impacts, type Mitigation, mitigationKinds } from "./policy/schema.js";
import type { AccountabilityService } from "./service.js";
import { armSteps, meetStep, openStep, settleSteps, stepDuty } from "./step-deadlines.js";
import { proposalFor, rangeText, subjectLines, subjectWho } from "./subjects.js";

/** Roles that run the procedure: they may open a case and act for the investigators (第十四条: the office above answers too). */
export function officeRoles(svc: AccountabilityService): Role[] {
  const a = svc.policy.procedure.authority;
  return [...new Set([...a.direct.deciders, ...a.joint.deciders, ...svc.policy.procedure.reviewers])];
}

/** The people investigating now: the holders of the case's investigator roles. */
export async function investigatorsOf(svc: AccountabilityService, c: CaseRow): Promise<string[]> {
  return currentHolders(svc.app.directory, c.investigatorSlots);
}

async function mayInvestigate(svc: AccountabilityService, c: CaseRow, actor: Actor): Promise<boolean> {
  if (actor.personId && (await investigatorsOf(svc, c)).includes(actor.personId)) return true;
  return holdsAbove(svc.app.directory, actor.personId, c.unitId, officeRoles(svc));
}

function investigatorButtons(number: string, locale: Locale): Button[][] {
  const value = { incident: number };
  return [
    [
      { actionId: "case.finding", label: m(locale, "btnFinding"), value, input: { label: m(locale, "inputFinding") } },
      {
        actionId: "case.report",
        label: m(locale, "btnReport"),
        value,
        style: "primary",
        input: { label: m(locale, "inputReport") },
      },
      { actionId: "case.status", label: m(locale, "btnStatus"), value },
    ],
  ];
}

/** Tells the investigators what is asked of them, with buttons. */
export async function tellInvestigators(
  svc: AccountabilityService,
  inc: IncidentView,
  c: CaseRow,
  due: Date,
  lead: (locale: Locale) => string,
): Promise<void> {
  const basis = stepDuty(svc, "case_investigation").basis ?? "";
  await tell(svc, await investigatorsOf(svc, c), (locale) => ({
    text: `${lead(locale)}\n${m(locale, "investigate", { number: inc.number, due: formatTime(due), basis })}`,
    buttons: investigatorButtons(inc.number, locale),
  }));
}

/**
 * Subjects read from the incident's record: whoever let an acknowledgement or reporting deadline pass
 * (state missed, or handed up) answers for "event not reported / reported late".
 */
async function derivedSubjects(svc: AccountabilityService, inc: IncidentView) {
  const rows = await svc.prisma.deadline.findMany({
    where: {
      incidentId: inc.id,
      state: { in: ["missed", "escalated"] },
      // A null duty id (the acknowledgement window) must not fall out of the NOT (SQL null logic).
      OR: [{ dutyId: null }, { NOT: { dutyId: { startsWith: "case_" } } }],
    },
    orderBy: { dueAt: "asc" },
  });
  const seen = new Map<string, string>();
  for (const r of rows) {
    for (const pid of r.ownerPersonIds) {
      if (seen.has(pid)) continue;
      seen.set(pid, `${r.kind === "ack" ? "ack" : r.dutyId}: ${formatTime(r.dueAt)}`);
    }
  }
  const out: { personId: string; unitId: string; note: string }[] = [];
  for (const [personId, note] of seen)
    out.push({ personId, unitId: await unitOfPerson(svc.app.directory, personId, inc.unitId), note });
  return out;
}

/** Opens the accountability case of an incident (第十五–十六条): investigators from policy, first deadline. */
export async function openCase(svc: AccountabilityService, inc: IncidentView, actor: Actor): Promise<Outcome> {
  const existing = await caseOf(svc, inc.id);
  if (existing) return wrongState(inc, existing, "open", actor.locale);
  if (!(await holdsAbove(svc.app.directory, actor.personId, inc.unitId, officeRoles(svc))))
    return refuse(svc, inc, "open", actor);
  const dir = svc.app.directory;
  const slots = await nearestSlots(dir, inc.unitId, svc.policy.procedure.investigators);
  const investigators = await currentHolders(dir, slots);
  const derived = await derivedSubjects(svc, inc);
  const now = svc.now();
  const { c, row } = await svc.prisma.$transaction(async (tx) => {
    const c = await tx.accountabilityCase.create({
      data: {
        incidentId: inc.id,
        number: inc.number,
        year: Number(inc.number.slice(4, 8)),
        unitId: inc.unitId,
        severity: inc.severity,
        state: "investigating",
        investigatorSlots: slots,
        openedBy: actor.auditId,
        openedAt: now,
      },
    });
    let seq = 0;
    for (const d of derived)
      await tx.caseSubject.create({
        data: {
          caseId: c.id,
          seq: ++seq,
          personId: d.personId,
          unitId: d.unitId,
          conduct: "late_report",
          derived: true,
          note: d.note,
        },
      });
    const row = await openStep(svc, tx, inc.id, "case_investigation", investigators);
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.opened",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, investigators: slots, derived: derived.map((d) => d.personId), via: actor.via },
      },
      tx,
    );
    return { c, row };
  });
  await armSteps(svc, [row]);
  const derivedText = async (locale: Locale) =>
    derived.length
      ? m(locale, "derivedLine", {
          list: await names(
            svc,
            derived.map((d) => d.personId),
            locale,
          ),
        })
      : "";
  await tellInvestigators(svc, inc, c, row.dueAt, (l) => m(l, "caseOpenedDm", { number: inc.number }));
  return {
    ok: true,
    text:
      m(actor.locale, "caseOpened", {
        number: inc.number,
        investigators: await names(svc, investigators, actor.locale),
        due: formatTime(row.dueAt),
      }) + (await derivedText(actor.locale)),
  };
}

async function guard(
  svc: AccountabilityService,
  inc: IncidentView,
  c: CaseRow | null,
  verb: string,
  actor: Actor,
  states: readonly string[],
): Promise<Outcome | CaseRow> {
  if (!c) return { ok: false, text: m(actor.locale, "noCase", { number: inc.number }) };
  if (!(await mayInvestigate(svc, c, actor))) return refuse(svc, inc, verb, actor);
  if (!states.includes(c.state)) return wrongState(inc, c, verb, actor.locale);
  return c;
}

/** Attaches a finding or a piece of evidence (append-only). */
export async function addFinding(
  svc: AccountabilityService,
  inc: IncidentView,
  kind: "finding" | "evidence",
  text: string,
  actor: Actor,
): Promise<Outcome> {
  const c = await guard(svc, inc, await caseOf(svc, inc.id), "finding", actor, ["investigating"]);
  if ("ok" in c) return c;
  if (!text.trim()) return { ok: false, text: m(actor.locale, "needText") };
  const count = await svc.prisma.$transaction(async (tx) => {
    await tx.caseFinding.create({
      data: { caseId: c.id, kind, text: text.trim(), addedBy: actor.auditId, addedAt: svc.now() },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: `case.${kind}`,
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, text: text.trim(), via: actor.via },
      },
      tx,
    );
    return tx.caseFinding.count({ where: { caseId: c.id } });
  });
  return {
    ok: true,
    text: m(actor.locale, "findingAdded", { number: inc.number, kind: m(actor.locale, kind), count }),
  };
}

/** Names a responsible subject: `<person-or-unit> <conduct> [no-event] [repeat] [impact=none|some|bad] [note…]`. */
export async function addSubject(
  svc: AccountabilityService,
  inc: IncidentView,
  args: string[],
  actor: Actor,
): Promise<Outcome> {
  const c = await guard(svc, inc, await caseOf(svc, inc.id), "subject", actor, ["investigating"]);
  if ("ok" in c) return c;
  const [who, conduct, ...rest] = args;
  const usage = m(actor.locale, "subjectUsage", { conducts: conductKinds.join(", ") });
  if (!who || !conduct) return { ok: false, text: usage };
  if (!(conductKinds as readonly string[]).includes(conduct))
    return { ok: false, text: `${m(actor.locale, "unknownConduct", { word: conduct })}\n${usage}` };
  const facts: { causedEvent?: boolean; impact?: Impact; repeated?: boolean } = {};
  const note: string[] = [];
  for (const a of rest) {
    if (a === "no-event") facts.causedEvent = false;
    else if (a === "repeat") facts.repeated = true;
    else if (a.startsWith("impact=") && (impacts as readonly string[]).includes(a.slice(7)))
      facts.impact = a.slice(7) as Impact;
    else note.push(a);
  }
  const person = await svc.app.directory.person(who);
  const unit = person ? null : await svc.app.directory.unit(who);
  if (!person && !unit) return { ok: false, text: m(actor.locale, "unknownSubject", { id: who }) };
  const unitId = person ? await unitOfPerson(svc.app.directory, person.id, inc.unitId) : unit!.id;
  const s = await svc.prisma.$transaction(async (tx) => {
    const seq = (await tx.caseSubject.count({ where: { caseId: c.id } })) + 1;
    const s = await tx.caseSubject.create({
      data: {
        caseId: c.id,
        seq,
        personId: person?.id ?? null,
        unitId,
        conduct: conduct as Conduct,
        facts,
        note: note.join(" ") || null,
      },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.subject_named",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, seq, person: person?.id ?? null, unit: unitId, conduct, facts, via: actor.via },
      },
      tx,
    );
    return s;
  });
  const p = await proposalFor(svc, s, inc.severity);
  return {
    ok: true,
    text: m(actor.locale, "subjectAdded", {
      seq: s.seq,
      who: await subjectWho(svc, s, actor.locale),
      range: rangeText(svc, p, actor.locale),
    }),
  };
}

/** Records mitigation for a subject (第十二–十三条), or `none` to clear it. */
export async function setMitigation(
  svc: AccountabilityService,
  inc: IncidentView,
  seq: number,
  mitigation: string,
  note: string,
  actor: Actor,
): Promise<Outcome> {
  const c = await guard(svc, inc, await caseOf(svc, inc.id), "mitigate", actor, ["investigating"]);
  if ("ok" in c) return c;
  if (mitigation !== "none" && !(mitigationKinds as readonly string[]).includes(mitigation))
    return { ok: false, text: m(actor.locale, "mitigateUsage", { kinds: mitigationKinds.join(", ") }) };
  const s = await svc.prisma.caseSubject.findUnique({ where: { caseId_seq: { caseId: c.id, seq } } });
  if (!s) return { ok: false, text: m(actor.locale, "noSubject", { number: inc.number, seq }) };
  const value = mitigation === "none" ? null : (mitigation as Mitigation);
  const updated = await svc.prisma.$transaction(async (tx) => {
    const u = await tx.caseSubject.update({
      where: { id: s.id },
      data: { mitigation: value, mitigationNote: note.trim() || null },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.mitigation",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, seq, mitigation: value, note: note.trim(), via: actor.via },
      },
      tx,
    );
    return u;
  });
  const p = await proposalFor(svc, updated, inc.severity);
  return { ok: true, text: m(actor.locale, "mitigationSet", { seq, range: rangeText(svc, p, actor.locale) }) };
}

function reviewButtons(number: string, locale: Locale): Button[][] {
  return [[{ actionId: "case.review", label: m(locale, "btnReview"), value: { incident: number }, style: "primary" }]];
}

/** Submits the investigation report; it goes to the reviewers (第十六–十七条). */
export async function submitReport(
  svc: AccountabilityService,
  inc: IncidentView,
  text: string,
  actor: Actor,
): Promise<Outcome> {
  const c = await guard(svc, inc, await caseOf(svc, inc.id), "report", actor, ["investigating"]);
  if ("ok" in c) return c;
  if (!text.trim()) return { ok: false, text: m(actor.locale, "needReportText", { number: inc.number }) };
  const reviewers = await nearestPeople(svc.app.directory, inc.unitId, svc.policy.procedure.reviewers);
  const now = svc.now();
  const { met, row } = await svc.prisma.$transaction(async (tx) => {
    await tx.accountabilityCase.update({
      where: { id: c.id },
      data: { state: "under_review", reportText: text.trim(), reportedAt: now },
    });
    const met = await meetStep(tx, inc.id, "case_investigation", actor.auditId, text.trim(), now);
    const row = await openStep(svc, tx, inc.id, "case_review", reviewers);
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "case.report_submitted",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, report: text.trim(), reviewers, via: actor.via },
      },
      tx,
    );
    return { met, row };
  });
  await settleSteps(svc, [met]);
  await armSteps(svc, [row]);
  const basis = stepDuty(svc, "case_review").basis ?? "";
  const fresh = (await caseOf(svc, inc.id))!;
  await tell(svc, reviewers, async (locale) => ({
    text: m(locale, "reviewRequest", {
      number: inc.number,
      due: formatTime(row.dueAt),
      basis,
      report: text.trim(),
      subjects: await subjectLines(svc, inc, fresh, locale),
    }),
    buttons: reviewButtons(inc.number, locale),
  }));
  return {
    ok: true,
    text: m(actor.locale, "reportSubmitted", {
      number: inc.number,
      reviewers: await names(svc, reviewers, actor.locale),
      due: formatTime(row.dueAt),
    }),
  };
}
