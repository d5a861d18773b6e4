import type { CaseSubject } from "../../generated/prisma/client.js";
import type { Locale } from "../i18n/i18n.js";
import type { IncidentView } from "../incidents/index.js";
import type { Severity } from "../incidents/policy/schema.js";
import { type CaseRow, names, unitName } from "./case-common.js";
import { m } from "./messages.js";
import type { Conduct, Impact, Mitigation, Sanction } from "./policy/schema.js";
import { type Proposal, propose } from "./sanctions.js";
import type { AccountabilityService } from "./service.js";

export type SubjectRow = CaseSubject;

/** Facts typed with the subject (`no-event`, `impact=some`, `repeat`). */
export interface StoredFacts {
  causedEvent?: boolean;
  impact?: Impact;
  repeated?: boolean;
}

/**
 * Whether the subject was already given criticism or a written self-criticism in an earlier case and
 * again failed to implement the rules (第八条(四)): read from the record, not typed.
 */
async function repeatedFromRecord(svc: AccountabilityService, s: SubjectRow): Promise<boolean> {
  if (s.conduct !== "rules_not_implemented") return false;
  const earlier = await svc.prisma.caseSubject.count({
    where: {
      caseId: { not: s.caseId },
      ...(s.personId ? { personId: s.personId } : { personId: null, unitId: s.unitId }),
      state: "decided",
      sanction: { in: ["criticism_education", "written_self_criticism"] },
      decidedAt: { lt: s.createdAt },
    },
  });
  return earlier > 0;
}

/** The allowed range for a subject of a case on an incident of `severity`. */
export async function proposalFor(svc: AccountabilityService, s: SubjectRow, severity: Severity): Promise<Proposal> {
  const facts = (s.facts ?? {}) as StoredFacts;
  return propose(svc.policy.matrix, {
    conduct: s.conduct as Conduct,
    severity,
    ...(facts.causedEvent !== undefined ? { causedEvent: facts.causedEvent } : {}),
    ...(facts.impact ? { impact: facts.impact } : {}),
    repeated: facts.repeated || (await repeatedFromRecord(svc, s)),
    mitigation: (s.mitigation as Mitigation | null) ?? null,
  });
}

export function sanctionName(svc: AccountabilityService, s: string, locale: Locale): string {
  if (s === "none") return m(locale, "noSanction");
  return svc.policy.matrix.sanctions[s as Sanction]?.[locale] ?? s;
}

export function conductName(svc: AccountabilityService, c: string, locale: Locale): string {
  return svc.policy.matrix.conducts[c as Conduct]?.[locale] ?? c;
}

export function rangeText(svc: AccountabilityService, p: Proposal, locale: Locale): string {
  if (p.noLiability) return m(locale, "rangeNoLiability", { basis: p.articles.join("、") });
  if (p.uncovered) return m(locale, "rangeUncovered");
  return m(locale, "range", {
    range: p.range.map((s) => sanctionName(svc, s, locale)).join(" / "),
    basis: p.articles.join("、"),
  });
}

export async function subjectWho(svc: AccountabilityService, s: SubjectRow, locale: Locale): Promise<string> {
  return s.personId
    ? `${await names(svc, [s.personId], locale)}（${await unitName(svc, s.unitId)}）`
    : await unitName(svc, s.unitId);
}

/** "#1 李四（网络管理中心）：未落实… → 建议：书面检查 / 通报批评（篇五 第八条（二））；决定：…" */
export async function subjectLine(
  svc: AccountabilityService,
  inc: IncidentView,
  s: SubjectRow,
  locale: Locale,
): Promise<string> {
  const p = await proposalFor(svc, s, inc.severity);
  const parts = [
    `#${s.seq} ${await subjectWho(svc, s, locale)}：${conductName(svc, s.conduct, locale)}${s.derived ? m(locale, "derivedMark") : ""}`,
    rangeText(svc, p, locale),
  ];
  if (s.mitigation)
    parts.push(
      m(locale, "mitigationMark", {
        what: svc.policy.matrix.mitigation[s.mitigation as Mitigation]?.[locale] ?? s.mitigation,
      }),
    );
  if (s.state === "decided" && s.sanction)
    parts.push(m(locale, "decisionMark", { sanction: sanctionName(svc, s.sanction, locale) }));
  else if (s.state === "no_liability") parts.push(m(locale, "noLiabilityMark"));
  else if (s.state === "awaiting_approval" && s.sanction)
    parts.push(m(locale, "awaitingMark", { sanction: sanctionName(svc, s.sanction, locale) }));
  return parts.join("；");
}

export async function subjectsOf(svc: AccountabilityService, c: CaseRow): Promise<SubjectRow[]> {
  return svc.prisma.caseSubject.findMany({ where: { caseId: c.id }, orderBy: { seq: "asc" } });
}

export async function subjectLines(
  svc: AccountabilityService,
  inc: IncidentView,
  c: CaseRow,
  locale: Locale,
): Promise<string> {
  const subs = await subjectsOf(svc, c);
  if (subs.length === 0) return m(locale, "noSubjects");
  const lines: string[] = [];
  for (const s of subs) lines.push(await subjectLine(svc, inc, s, locale));
  return lines.join("\n");
}
