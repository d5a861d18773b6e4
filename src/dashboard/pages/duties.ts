import { dutiesReport, onDutyFor } from "../../duties/index.js";
import { addDays, dayStart, localDay } from "../countdown.js";
import { dutiesOrNull } from "../feature-services.js";
import { html } from "../html.js";
import { type OpsMessage, ops } from "../ops-messages.js";
import { type DashboardPage, type PageContext, page } from "../page-registry.js";
import { seesUnit } from "../scope.js";
import { dutyTasksWhere } from "../scoped-queries.js";

type Tally = { kept: number; late: number; missed: number; open: number };
const empty = (): Tally => ({ kept: 0, late: 0, missed: 0, open: 0 });

/** How a duty task counts, as `dutiesReport` counts it: missed, not yet due, late, or kept. */
export function tallyKey(task: { state: string; late: boolean }): keyof Tally {
  return task.state === "missed" ? "missed" : task.state === "open" ? "open" : task.late ? "late" : "kept";
}

/** The Monday (Beijing time) of the week holding `day` (YYYY-MM-DD). */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

async function calendar(ctx: PageContext) {
  const say = (k: OpsMessage, p?: Record<string, string | number>) => ops(ctx.locale, k, p);
  const svc = dutiesOrNull(ctx.app);
  if (!svc)
    return page(say("dutiesTitle"), html`<p class="muted" id="duties-unavailable">${say("dutiesUnavailable")}</p>`);
  const { prisma } = ctx.app.db;
  const { scope } = ctx.viewer;
  const asked = ctx.query.get("week") ?? "";
  const monday = mondayOf(
    /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : localDay(ctx.now),
  );
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const sunday = days[6]!;
  const names = say("weekday").split(",");
  const units = new Map(
    (await prisma.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name] as const),
  );
  const me = ctx.viewer.person.id;
  const rosterUnits = Object.entries(svc.roster.units)
    .filter(([id, u]) => seesUnit(scope, id) || u.rotation.includes(me))
    .map(([id]) => id);
  const tasks = await prisma.dutyTask.findMany({
    where: {
      AND: [dutyTasksWhere(scope), { scheduledAt: { gte: dayStart(monday), lt: dayStart(addDays(sunday, 1)) } }],
    },
    select: { unitId: true, dutyId: true, state: true, late: true, scheduledAt: true, ownerPersonId: true },
  });
  const taskUnits = [...new Set(tasks.map((t) => t.unitId))];
  const calendarUnits = [...new Set([...rosterUnits, ...taskUnits])].sort();
  const personName = async (id: string | null) => (id ? ((await ctx.app.directory.person(id))?.name ?? id) : null);
  const cells = new Map<string, Tally>();
  for (const t of tasks) {
    const key = `${t.unitId}/${localDay(t.scheduledAt)}`;
    const c = cells.get(key) ?? empty();
    c[tallyKey(t)] += 1;
    cells.set(key, c);
  }
  const rows = [];
  for (const unitId of calendarUnits) {
    const tds = [];
    for (const day of days) {
      // Noon: after the morning shift change, the person who holds most of the day.
      const onDuty = rosterUnits.includes(unitId)
        ? await personName(await onDutyFor(ctx.app, unitId, new Date(dayStart(day).getTime() + 12 * 3600_000)))
        : null;
      const c = cells.get(`${unitId}/${day}`);
      tds.push(
        html`<td data-day="${day}"><div class="on-duty">${onDuty ?? say("notOnDuty")}</div>${
          c &&
          html`<div class="tally">${(["kept", "late", "missed", "open"] as const).map(
            (k) => c[k] > 0 && html`<span class="tag t-${k}" title="${say(k)}">${say(k)} ${c[k]}</span>`,
          )}</div>`
        }</td>`,
      );
    }
    rows.push(html`<tr data-unit="${unitId}"><th>${units.get(unitId) ?? unitId}</th>${tds}</tr>`);
  }
  const titleOf = (dutyId: string) =>
    dutyId === "handover" ? say("handover") : (svc.policy.checks[dutyId]?.title[ctx.locale] ?? dutyId);
  // The report over the whole organisation, narrowed to what the viewer sees; an operator sees their own cells only.
  const report =
    scope.kind === "own"
      ? []
      : (await dutiesReport(prisma, { from: monday, to: sunday, timezone: svc.tz })).filter((f) =>
          seesUnit(scope, f.unitId),
        );
  const summary = report.map(
    (f) =>
      html`<tr data-unit="${f.unitId}" data-duty="${f.dutyId}"><td>${units.get(f.unitId) ?? f.unitId}</td><td>${titleOf(f.dutyId)}</td><td class="n-kept">${f.kept}</td><td class="n-late">${f.late}</td><td class="n-missed">${f.missed}</td><td class="n-open">${f.open}</td></tr>`,
  );
  const link = (day: string, label: string, id: string) =>
    html`<a href="/dashboard/duties?week=${day}" id="${id}">${label}</a>`;
  return page(
    say("dutiesTitle"),
    html`<p class="week-nav">${link(addDays(monday, -7), `← ${say("prevWeek")}`, "prev-week")} · <strong id="week">${say("weekOf", { from: monday, to: sunday })}</strong> · ${link(addDays(monday, 7), `${say("nextWeek")} →`, "next-week")}</p>
<h2>${say("rosterHeading")}</h2>${
      calendarUnits.length
        ? html`<table id="duty-calendar" class="calendar"><thead><tr><th></th>${days.map((d, i) => html`<th class="${d === localDay(ctx.now) ? "today" : ""}">${names[i]} ${d.slice(5)}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="muted" id="duty-calendar">${say("noRoster")}</p>`
    }
<h2>${say("checksHeading")}</h2>${
      summary.length
        ? html`<table id="duty-checks"><thead><tr><th>${say("colUnit")}</th><th>${say("colDuty")}</th><th>${say("kept")}</th><th>${say("late")}</th><th>${say("missed")}</th><th>${say("open")}</th></tr></thead><tbody>${summary}</tbody></table>`
        : html`<p class="muted" id="duty-checks">${say("checksNone")}</p>`
    }`,
  );
}

/** This week's roster per unit and day, with the checks kept, late and missed; within the viewer's scope. */
export const dutiesPage: DashboardPage = {
  id: "duties",
  nav: { path: "/dashboard/duties", order: 40, label: (locale) => ops(locale, "navDuties") },
  install(routes) {
    routes.get("/dashboard/duties", calendar);
  },
};
