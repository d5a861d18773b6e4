import { severities } from "../../incidents/index.js";
import { countdown, localTime } from "../countdown.js";
import { incidentCategoryName } from "../feature-services.js";
import { html } from "../html.js";
import { ops } from "../ops-messages.js";
import { type DashboardPage, type PageContext, page } from "../page-registry.js";
import { seesUnit } from "../scope.js";
import { type IncidentFilters, incidentListWhere } from "../scoped-queries.js";

const listLimit = 200;
const states = ["open", "acknowledged", "closed"] as const;

/** The filters from the query string, keeping only known values (and units the viewer sees). */
export function incidentFilters(query: URLSearchParams, visibleUnit: (id: string) => boolean): IncidentFilters {
  const unitId = query.get("unit") ?? "";
  const severity = query.get("severity") ?? "";
  const state = query.get("state") ?? "";
  return {
    ...(unitId && visibleUnit(unitId) ? { unitId } : {}),
    ...((severities as readonly string[]).includes(severity) ? { severity } : {}),
    ...((states as readonly string[]).includes(state) ? { state: state as IncidentFilters["state"] } : {}),
  };
}

/** An incident's state for display: closed, acknowledged or awaiting acknowledgement. */
export function incidentState(i: { closedAt: Date | null; acknowledgedAt: Date | null }): (typeof states)[number] {
  return i.closedAt ? "closed" : i.acknowledgedAt ? "acknowledged" : "open";
}

async function list(ctx: PageContext) {
  const { prisma } = ctx.app.db;
  const { scope } = ctx.viewer;
  const say = (k: Parameters<typeof ops>[1], p?: Record<string, string | number>) => ops(ctx.locale, k, p);
  const units = await prisma.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true } });
  // An operator filters their own reports by any unit; others only by units they see.
  const choosable = units.filter((u) => scope.kind === "own" || seesUnit(scope, u.id));
  const filters = incidentFilters(ctx.query, (id) => choosable.some((u) => u.id === id));
  const incidents = await prisma.incident.findMany({
    where: incidentListWhere(scope, filters),
    orderBy: { openedAt: "desc" },
    take: listLimit,
    include: { deadlines: { where: { state: "open" }, orderBy: { dueAt: "asc" }, take: 1 } },
  });
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}" ${value === (current ?? "") && html`selected`}>${label}</option>`;
  const form = html`<form method="get" action="/dashboard/incidents" id="incident-filters" class="panel filters">
<label>${say("filterUnit")} <select name="unit">${option("", say("filterAll"), filters.unitId)}${choosable.map((u) => option(u.id, u.name, filters.unitId))}</select></label>
<label>${say("filterSeverity")} <select name="severity">${option("", say("filterAll"), filters.severity)}${severities.map((s) => option(s, say(`sev_${s}`), filters.severity))}</select></label>
<label>${say("filterState")} <select name="state">${option("", say("filterAll"), filters.state)}${states.map((s) => option(s, say(`state_${s}`), filters.state))}</select></label>
<button class="primary" type="submit">${say("filterApply")}</button></form>`;
  const rows = incidents.map((i) => {
    const next = i.deadlines[0];
    const state = incidentState(i);
    return html`<tr data-incident="${i.number}"><td><a href="/dashboard/incidents/${encodeURIComponent(i.number)}">${i.number}</a></td>
<td>${incidentCategoryName(ctx.app, i.category, ctx.locale)}</td><td><span class="sev sev-${i.severity}">${say(`sev_${i.severity}`)}</span></td>
<td>${unitName.get(i.unitId) ?? i.unitId}</td><td>${localTime(i.openedAt)}</td><td class="state-${state}">${say(`state_${state}`)}</td>
<td>${next ? countdown(next.dueAt, ctx.now, ctx.locale) : "—"}</td></tr>`;
  });
  return page(
    say("incidentsTitle"),
    html`${form}${
      incidents.length
        ? html`<table id="incidents"><thead><tr><th>${say("colNumber")}</th><th>${say("colCategory")}</th><th>${say("colSeverity")}</th><th>${say("colUnit")}</th><th>${say("colOpened")}</th><th>${say("colState")}</th><th>${say("colNext")}</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="muted" id="incidents">${say("incidentsNone")}</p>`
    }`,
  );
}

/** The incident list: filters by unit, severity and state, always within the viewer's scope. */
export const incidentsPage: DashboardPage = {
  id: "incidents",
  nav: { path: "/dashboard/incidents", order: 20, label: (locale) => ops(locale, "navIncidents") },
  install(routes) {
    routes.get("/dashboard/incidents", list);
  },
};
