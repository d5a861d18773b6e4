import type { Locale } from "../i18n/i18n.js";
import { formatTime, severityName } from "../incidents/format.js";
import type { IncidentView } from "../incidents/index.js";
import { currentHolders } from "./authority.js";
import { type CaseRow, names, stateName } from "./case-common.js";
import { investigatorsOf } from "./investigation.js";
import { m } from "./messages.js";
import type { CaseDutyId } from "./policy/schema.js";
import type { AccountabilityService } from "./service.js";
import { openSteps } from "./step-deadlines.js";
import { subjectLines } from "./subjects.js";

/** The case at a glance; people are resolved now, so a successor shows as the one responsible. */
export async function caseStatus(
  svc: AccountabilityService,
  inc: IncidentView,
  c: CaseRow,
  locale: Locale,
): Promise<string> {
  const findings = await svc.prisma.caseFinding.count({ where: { caseId: c.id } });
  const reviews = await svc.prisma.caseReview.findMany({ where: { caseId: c.id }, orderBy: { round: "asc" } });
  const lines = [
    m(locale, "statusHead", {
      number: inc.number,
      severity: severityName(inc.severity, locale),
      state: stateName(c.state, locale),
    }),
    m(locale, "statusInvestigators", { names: await names(svc, await investigatorsOf(svc, c), locale), findings }),
  ];
  if (reviews.length)
    lines.push(
      m(locale, "statusReviews", {
        rounds: reviews.length,
        last: m(locale, reviews.at(-1)!.passed ? "passedWord" : "returnedWord"),
      }),
    );
  lines.push(await subjectLines(svc, inc, c, locale));
  const pending = await svc.prisma.caseApproval.findMany({ where: { caseId: c.id, state: "pending" } });
  for (const a of pending) {
    const def = svc.policy.procedure.authority.joint.approvers[a.party];
    lines.push(
      m(locale, "statusApproval", { party: def?.[locale] ?? a.party, names: await names(svc, a.personIds, locale) }),
    );
  }
  for (const row of await openSteps(svc, inc.id)) {
    // Owners frozen in the row may have left their role: show who holds it now.
    const slot = row.ownerRole && row.ownerUnitId ? [`${row.ownerRole}@${row.ownerUnitId}`] : [];
    const stillHeld = await currentHolders(svc.app.directory, slot);
    const owners = row.ownerPersonIds.filter((p) => stillHeld.includes(p) || slot.length === 0);
    const who = owners.length ? owners : stillHeld.length ? stillHeld : row.ownerPersonIds;
    const title = svc.policy.procedure.deadlines[row.dutyId as CaseDutyId]?.title[locale] ?? row.dutyId;
    lines.push(
      m(locale, "statusStep", { title: title ?? "", owner: await names(svc, who, locale), due: formatTime(row.dueAt) }),
    );
  }
  if (c.implementationNote) lines.push(m(locale, "statusImplemented", { note: c.implementationNote }));
  return lines.join("\n");
}
