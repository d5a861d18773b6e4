import { countdown as liveCountdown } from "../countdown.js";
import { html } from "../html.js";
import { t } from "../messages.js";
import { type DashboardPage, type PageContext, page } from "../page-registry.js";
import {
  deadlinesWhere,
  groupsWhere,
  incidentsWhere,
  messagesPerDay,
  messagesWhere,
  peopleWhere,
} from "../scoped-queries.js";
import { barChart } from "../svg-bar-chart.js";

/** Deadlines listed on the home page, soonest first. */
const upcomingLimit = 10;

async function render(ctx: PageContext) {
  const { prisma } = ctx.app.db;
  const { scope } = ctx.viewer;
  const now = ctx.now;
  const dayAgo = new Date(now.getTime() - 86400_000);
  const [people, groups, messages24h, incidentsOpen, deadlinesOpen, upcoming, perDay] = await Promise.all([
    prisma.person.count({ where: peopleWhere(scope, now) }),
    prisma.chatGroup.count({ where: groupsWhere(scope, now) }),
    prisma.storedMessage.count({ where: { ...messagesWhere(scope), sentAt: { gt: dayAgo, lte: now } } }),
    prisma.incident.count({ where: { ...incidentsWhere(scope), closedAt: null } }),
    prisma.deadline.count({ where: { ...deadlinesWhere(scope), state: "open" } }),
    prisma.deadline.findMany({
      where: { ...deadlinesWhere(scope), state: "open" },
      orderBy: { dueAt: "asc" },
      take: upcomingLimit,
      include: { incident: { select: { number: true } } },
    }),
    messagesPerDay(prisma, scope, now, 14),
  ]);
  const ownerIds = [...new Set(upcoming.map((d) => d.ownerPersonId).filter((id): id is string => !!id))];
  const owners = new Map(
    (await prisma.person.findMany({ where: { id: { in: ownerIds } }, select: { id: true, name: true } })).map((p) => [
      p.id,
      p.name,
    ]),
  );
  const scopeLine =
    scope.kind === "all"
      ? ctx.text("scopeAll")
      : scope.kind === "own"
        ? ctx.text("scopeOwn")
        : ctx.text("scopeUnits", {
            units: (await prisma.unit.findMany({ where: { id: { in: [...scope.unitIds] } }, orderBy: { id: "asc" } }))
              .map((u) => u.name)
              .join("、"),
          });
  const card = (id: string, label: string, n: number) =>
    html`<div class="card" id="${id}"><div class="n">${n}</div><div class="k">${label}</div></div>`;
  const countdown = (due: Date) => liveCountdown(due, now, ctx.locale);
  const chart = barChart(
    perDay.map((d) => ({ label: d.day.slice(5), value: d.count })),
    { title: ctx.text("chartMessages"), height: 180, labelEvery: 2 },
  );
  const rows = upcoming.map(
    (d) => html`<tr><td>${d.kind}${d.dutyId && html` · ${d.dutyId}`}</td><td>${d.incident?.number ?? "—"}</td>
<td>${d.ownerPersonId ? (owners.get(d.ownerPersonId) ?? d.ownerPersonId) : (d.ownerRole ?? "—")}</td>
<td>${d.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td><td>${countdown(d.dueAt)}</td></tr>`,
  );
  return page(
    ctx.text("homeTitle"),
    html`<p class="muted" id="scope">${scopeLine}</p>
<div class="cards">${card("count-people", ctx.text("cardPeople"), people)}${card("count-groups", ctx.text("cardGroups"), groups)}${card("count-messages", ctx.text("cardMessages24h"), messages24h)}${card("count-incidents", ctx.text("cardIncidentsOpen"), incidentsOpen)}${card("count-deadlines", ctx.text("cardDeadlinesOpen"), deadlinesOpen)}</div>
<h2>${ctx.text("chartMessages")}</h2><div class="panel" id="messages-chart">${chart}</div>
<h2>${ctx.text("deadlinesHeading")}</h2>
${
  upcoming.length
    ? html`<table id="deadlines"><thead><tr><th>${ctx.text("colKind")}</th><th>${ctx.text("colIncident")}</th><th>${ctx.text("colOwner")}</th><th>${ctx.text("colDue")}</th><th>${ctx.text("colRemaining")}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted" id="deadlines">${ctx.text("deadlinesNone")}</p>`
}`,
  );
}

/** The overview: counts that exist today, messages per day, and the deadlines coming up — all within the viewer's scope. */
export const homePage: DashboardPage = {
  id: "home",
  nav: { path: "/dashboard", order: 0, label: (locale) => t(locale, "navHome") },
  install(routes) {
    routes.get("/dashboard", render);
  },
};
