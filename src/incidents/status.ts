import type { Locale } from "../i18n/i18n.js";
import { formatLeft, formatTime, severityName } from "./format.js";
import { categoryName, type IncidentView, namesOf, whatOf } from "./incident-view.js";
import { m } from "./messages.js";
import type { IncidentService } from "./service.js";

/** `/incident <number>`: the incident, who acknowledged it, and every deadline with its countdown. */
export async function statusText(svc: IncidentService, inc: IncidentView, locale: Locale): Promise<string> {
  const now = svc.now();
  const rows = await svc.prisma.deadline.findMany({
    where: { incidentId: inc.id },
    orderBy: [{ kind: "asc" }, { dutyId: "asc" }, { level: "asc" }],
  });
  const lines: string[] = [];
  for (const r of rows) {
    const by = r.closedBy ? await namesOf(svc, inc, [r.closedBy], locale) : "";
    const at = r.closedAt ? formatTime(r.closedAt) : "";
    const state =
      r.state === "open"
        ? m(locale, "stateOpen", { due: formatTime(r.dueAt), left: formatLeft(r.dueAt, now, locale) })
        : r.state === "met"
          ? m(locale, "stateMet", { by, at })
          : r.state === "missed"
            ? m(locale, "stateMissed", { at })
            : r.state === "escalated"
              ? m(locale, "stateEscalated", { at })
              : m(locale, "stateCancelled");
    lines.push(
      m(locale, "statusLine", {
        what: whatOf(inc, r, locale),
        owner: await namesOf(svc, inc, r.ownerPersonIds, locale),
        state,
      }),
    );
  }
  const unit = (await svc.app.directory.unit(inc.unitId))?.name ?? inc.unitId;
  const ack = inc.acknowledgedAt
    ? m(locale, "statusAcked", {
        by: await namesOf(svc, inc, [inc.acknowledgedBy ?? ""], locale),
        at: formatTime(inc.acknowledgedAt),
      })
    : m(locale, "statusNotAcked");
  return m(locale, "status", {
    number: inc.number,
    category: categoryName(svc, inc, locale),
    severity: severityName(inc.severity, locale),
    state: inc.state === "open" ? m(locale, "incidentOpen") : inc.state,
    unit,
    opened: formatTime(inc.openedAt),
    description: inc.description,
    ack,
    deadlines: lines.join("\n"),
  });
}
