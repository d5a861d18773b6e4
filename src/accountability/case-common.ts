import type { AccountabilityCase } from "../../generated/prisma/client.js";
import type { OutboundMessage } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import type { Actor, IncidentView, Outcome } from "../incidents/index.js";
import { findIncident } from "../incidents/index.js";
import { m } from "./messages.js";
import type { AccountabilityService } from "./service.js";

export type { Actor, Outcome };
export type CaseRow = AccountabilityCase;

/** The case states, in procedure order. */
export const caseStates = [
  "investigating",
  "under_review",
  "awaiting_decision",
  "awaiting_approval",
  "decided",
  "implemented",
  "closed",
] as const;
export type CaseState = (typeof caseStates)[number];

export function stateName(state: string, locale: Locale): string {
  return m(locale, `state_${state}` as "state_investigating");
}

/** Display names of people, from the directory ("、"-joined); ids that are not people are shown as they are. */
export async function names(svc: AccountabilityService, ids: readonly string[], locale: Locale): Promise<string> {
  if (ids.length === 0) return m(locale, "nobody");
  const out: string[] = [];
  for (const id of ids) out.push((await svc.app.directory.person(id))?.name ?? id);
  return out.join("、");
}

export async function unitName(svc: AccountabilityService, unitId: string): Promise<string> {
  return (await svc.app.directory.unit(unitId))?.name ?? unitId;
}

export async function incidentOf(svc: AccountabilityService, number: string): Promise<IncidentView | null> {
  return findIncident(svc.incidents, number);
}

export async function caseOf(svc: AccountabilityService, incidentId: string): Promise<CaseRow | null> {
  return svc.prisma.accountabilityCase.findUnique({ where: { incidentId } });
}

/** Polite refusal for lack of authority; the attempt is in the audit log as `case.<verb>.refused`. */
export async function refuse(
  svc: AccountabilityService,
  inc: IncidentView,
  verb: string,
  actor: Actor,
  data: Record<string, unknown> = {},
): Promise<Outcome> {
  await svc.app.audit.append({
    actor: actor.auditId,
    action: `case.${verb}.refused`,
    subjectType: "incident",
    subjectId: inc.id,
    data: { number: inc.number, via: actor.via, ...data },
  });
  const text = actor.personId
    ? m(actor.locale, "refused", { number: inc.number, what: m(actor.locale, `verb_${verb}` as "verb_open") })
    : m(actor.locale, "refusedUnknown");
  return { ok: false, refused: true, text };
}

export function wrongState(inc: IncidentView, c: CaseRow, verb: string, locale: Locale): Outcome {
  return {
    ok: false,
    text: m(locale, "wrongState", {
      number: inc.number,
      state: stateName(c.state, locale),
      what: m(locale, `verb_${verb}` as "verb_open"),
    }),
  };
}

/** Direct-messages each person in their own language. */
export async function tell(
  svc: AccountabilityService,
  personIds: readonly string[],
  build: (locale: Locale) => OutboundMessage | Promise<OutboundMessage>,
): Promise<void> {
  for (const pid of new Set(personIds)) {
    const locale = (await svc.app.directory.person(pid))?.locale ?? svc.app.config.locale;
    await svc.app.chat.notifyPerson(pid, await build(locale));
  }
}
