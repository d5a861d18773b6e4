import type { Button, FormSpec } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { formatTime } from "../incidents/format.js";
import type { IncidentView } from "../incidents/index.js";
import { holdsAbove, nearestPeople } from "./authority.js";
import { type Actor, caseOf, names, type Outcome, refuse, tell, wrongState } from "./case-common.js";
import { investigatorsOf, tellInvestigators } from "./investigation.js";
import { m } from "./messages.js";
import type { AccountabilityService } from "./service.js";
import { armSteps, meetStep, openStep, settleSteps, stepDuty } from "./step-deadlines.js";
import { proposalFor, subjectLines, subjectsOf } from "./subjects.js";

/** The four points of 篇五 第十七条, in order. */
export const reviewPoints = ["factsClear", "evidenceSufficient", "natureCorrect", "responsibilityClear"] as const;
export type ReviewPoint = (typeof reviewPoints)[number];
export type ReviewAnswers = Record<ReviewPoint, { ok: boolean; comment: string }>;

export const reviewFormId = "case.review";

/** Parses 是/否, yes/no, y/n, 通过/不通过; undefined when it is none of these. */
export function parseYesNo(word: string | undefined): boolean | undefined {
  const w = (word ?? "").trim().toLowerCase();
  if (["yes", "y", "是", "通过", "ok", "true"].includes(w)) return true;
  if (["no", "n", "否", "不通过", "false"].includes(w)) return false;
  return undefined;
}

export function reviewForm(number: string, locale: Locale): FormSpec {
  const yesNo = [
    { value: "yes", label: m(locale, "yes") },
    { value: "no", label: m(locale, "no") },
  ];
  return {
    formId: reviewFormId,
    title: m(locale, "reviewTitle", { number }),
    submitLabel: m(locale, "submit"),
    fields: reviewPoints.flatMap((p) => [
      { id: p, label: m(locale, `point_${p}`), kind: "select" as const, options: yesNo, required: true },
      { id: `${p}_comment`, label: m(locale, "comment"), kind: "textarea" as const },
    ]),
    context: { incident: number },
  };
}

/** Reads the form's values; undefined when a point is unanswered. */
export function answersFromForm(values: Record<string, string>): ReviewAnswers | undefined {
  const out: Partial<ReviewAnswers> = {};
  for (const p of reviewPoints) {
    const ok = parseYesNo(values[p]);
    if (ok === undefined) return undefined;
    out[p] = { ok, comment: (values[`${p}_comment`] ?? "").trim() };
  }
  return out as ReviewAnswers;
}

async function mayReview(svc: AccountabilityService, inc: IncidentView, actor: Actor): Promise<boolean> {
  return holdsAbove(svc.app.directory, actor.personId, inc.unitId, svc.policy.procedure.reviewers);
}

/** Checks that the actor may review now; the form is only shown to them then. */
export async function reviewGate(svc: AccountabilityService, inc: IncidentView, actor: Actor): Promise<Outcome | null> {
  const c = await caseOf(svc, inc.id);
  if (!c) return { ok: false, text: m(actor.locale, "noCase", { number: inc.number }) };
  if (!(await mayReview(svc, inc, actor))) return refuse(svc, inc, "review", actor);
  if (c.state !== "under_review") return wrongState(inc, c, "review", actor.locale);
  return null;
}

function decideButtons(number: string, locale: Locale): Button[][] {
  return [[{ actionId: "case.status", label: m(locale, "btnStatus"), value: { incident: number } }]];
}

/**
 * Records a review. All four points yes: the report passes and goes to the deciders with the
 * proposed ranges. Any no: the report goes back to the investigators with the failed points.
 */
export async function review(
  svc: AccountabilityService,
  inc: IncidentView,
  answers: ReviewAnswers,
  actor: Actor,
): Promise<Outcome> {
  const gate = await reviewGate(svc, inc, actor);
  if (gate) return gate;
  const c = (await caseOf(svc, inc.id))!;
  const passed = reviewPoints.every((p) => answers[p].ok);
  const now = svc.now();
  const deciders = await nearestPeople(svc.app.directory, inc.unitId, svc.policy.procedure.authority.direct.deciders);
  const investigators = await investigatorsOf(svc, c);
  const subjects = await subjectsOf(svc, c);
  // Computed before the transaction: a query outside it would wait on it (PGlite has one connection).
  const proposals = new Map<string, Awaited<ReturnType<typeof proposalFor>>>();
  for (const s of subjects) proposals.set(s.id, await proposalFor(svc, s, inc.severity));
  const { met, row } = await svc.prisma.$transaction(async (tx) => {
    const round = (await tx.caseReview.count({ where: { caseId: c.id } })) + 1;
    await tx.caseReview.create({
      data: { caseId: c.id, round, reviewerId: actor.auditId, answers: answers as object, passed, at: now },
    });
    const met = await meetStep(tx, inc.id, "case_review", actor.auditId, passed ? "passed" : "returned", now);
    if (passed) {
      // The proposed range is frozen with the passed report, so the decision is judged against it.
      for (const s of subjects) {
        const p = proposals.get(s.id)!;
        await tx.caseSubject.update({
          where: { id: s.id },
          data: { proposed: p.range, basis: p.articles.join("、") || null },
        });
      }
    }
    await tx.accountabilityCase.update({
      where: { id: c.id },
      data: passed ? { state: "awaiting_decision", reviewPassedAt: now } : { state: "investigating" },
    });
    const row = passed
      ? await openStep(svc, tx, inc.id, "case_decision", deciders)
      : await openStep(svc, tx, inc.id, "case_investigation", investigators);
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: passed ? "case.review_passed" : "case.review_returned",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, round, answers, via: actor.via },
      },
      tx,
    );
    return { met, row };
  });
  await settleSteps(svc, [met]);
  await armSteps(svc, [row]);
  const failed = (locale: Locale) =>
    reviewPoints
      .filter((p) => !answers[p].ok)
      .map((p) => `· ${m(locale, `point_${p}`)}${answers[p].comment ? `：${answers[p].comment}` : ""}`)
      .join("\n");
  if (!passed) {
    const reviewer = await names(svc, [actor.personId ?? actor.auditId], svc.app.config.locale);
    await tellInvestigators(svc, inc, c, row.dueAt, (l) =>
      m(l, "returnedDm", { number: inc.number, reviewer, points: failed(l) }),
    );
    return { ok: true, text: m(actor.locale, "reviewReturned", { number: inc.number, points: failed(actor.locale) }) };
  }
  const fresh = (await caseOf(svc, inc.id))!;
  const basis = stepDuty(svc, "case_decision").basis ?? "";
  await tell(svc, deciders, async (locale) => ({
    text: m(locale, "decisionRequest", {
      number: inc.number,
      due: formatTime(row.dueAt),
      basis,
      subjects: await subjectLines(svc, inc, fresh, locale),
    }),
    buttons: decideButtons(inc.number, locale),
  }));
  return {
    ok: true,
    text: m(actor.locale, "reviewPassed", {
      number: inc.number,
      deciders: await names(svc, deciders, actor.locale),
      due: formatTime(row.dueAt),
    }),
  };
}
