import type { Locale } from "../i18n/i18n.js";
import { formatTime, severityName } from "../incidents/format.js";
import { categoryName } from "../incidents/incident-view.js";
import type { IncidentView } from "../incidents/index.js";
import { type CaseRow, unitName } from "./case-common.js";
import { m } from "./messages.js";
import type { AccountabilityService } from "./service.js";
import { conductName, sanctionName, subjectsOf, subjectWho } from "./subjects.js";

/** A draft circulated notice (通报) of a decided case, for the office to edit and issue. */
export async function noticeDraft(
  svc: AccountabilityService,
  inc: IncidentView,
  c: CaseRow,
  locale: Locale,
): Promise<string> {
  const subjects = (await subjectsOf(svc, c)).filter((s) => s.state === "decided" || s.state === "no_liability");
  const items: string[] = [];
  let i = 0;
  for (const s of subjects) {
    const what =
      s.state === "no_liability" ? m(locale, "noLiabilityMark") : sanctionName(svc, s.sanction ?? "none", locale);
    items.push(
      m(locale, "noticeItem", {
        n: ++i,
        who: await subjectWho(svc, s, locale),
        conduct: conductName(svc, s.conduct, locale),
        sanction: what,
        basis: s.basis ?? "-",
      }),
    );
  }
  return m(locale, "noticeDraft", {
    number: inc.number,
    unit: await unitName(svc, inc.unitId),
    opened: formatTime(inc.openedAt),
    category: categoryName(svc.incidents, inc, locale),
    severity: severityName(inc.severity, locale),
    description: inc.description,
    findings: c.reportText ?? "-",
    items: items.join("\n") || m(locale, "noSubjects"),
    decided: c.decidedAt ? formatTime(c.decidedAt) : "-",
  });
}
