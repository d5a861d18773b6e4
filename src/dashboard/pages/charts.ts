import { severities } from "../../incidents/index.js";
import { type Category, categoryLabel } from "../../moderation/index.js";
import { ackBucketsMin, incidentFigures, median, moderationFigures } from "../chart-data.js";
import { incidentCategoryName } from "../feature-services.js";
import { html } from "../html.js";
import { type OpsMessage, ops } from "../ops-messages.js";
import { type DashboardPage, type PageContext, page } from "../page-registry.js";
import { barChart } from "../svg-bar-chart.js";
import { stackedBarChart } from "../svg-stacked-chart.js";

const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

async function charts(ctx: PageContext) {
  const say = (k: OpsMessage, p?: Record<string, string | number>) => ops(ctx.locale, k, p);
  const { prisma } = ctx.app.db;
  const [inc, mod] = await Promise.all([
    incidentFigures(prisma, ctx.viewer.scope, ctx.now),
    moderationFigures(prisma, ctx.viewer.scope, ctx.now),
  ]);
  const monthLabel = (m: string) => m.slice(2).replace("-", "/");
  const perMonth = stackedBarChart(
    inc.months.map((m) => ({
      label: monthLabel(m),
      values: severities.map((s) => inc.bySeverity.get(m)?.get(s) ?? 0),
    })),
    { title: say("chartIncidentsMonth"), series: severities.map((s) => say(`sev_${s}` as OpsMessage)) },
  );
  const categories = barChart(
    byCount(inc.byCategory).map(([c, n]) => ({ label: incidentCategoryName(ctx.app, c, ctx.locale), value: n })),
    { title: say("chartIncidentsCategory"), height: 180 },
  );
  const ackMedian = barChart(
    inc.months.map((m) => ({ label: monthLabel(m), value: Math.round(median(inc.ackMinutes.get(m) ?? []) ?? 0) })),
    { title: say("chartAckMedian"), height: 180 },
  );
  const en = ctx.locale === "en";
  const span = (min: number) => (min < 60 ? `${min}${en ? "m" : "分钟"}` : `${min / 60}${en ? "h" : "小时"}`);
  const bucketLabels = [
    ...ackBucketsMin.map((b) => say("bucketUnder", { d: span(b) })),
    say("bucketOver", { d: span(ackBucketsMin.at(-1)!) }),
  ];
  const ackDist = barChart(
    inc.ackBuckets.map((n, i) => ({ label: bucketLabels[i]!, value: n })),
    { title: say("chartAckDist"), height: 180 },
  );
  const modCategories = barChart(
    byCount(mod.byCategory).map(([c, n]) => ({ label: categoryLabel(ctx.locale, c as Category), value: n })),
    { title: say("chartModeration"), height: 180 },
  );
  const modMonths = barChart(
    mod.months.map((m) => ({ label: monthLabel(m), value: mod.perMonth.get(m) ?? 0 })),
    { title: say("chartModerationMonth"), height: 180 },
  );
  const panel = (id: string, title: string, body: ReturnType<typeof html>) =>
    html`<h2>${title}</h2><div class="panel" id="${id}">${body}</div>`;
  return page(
    say("chartsTitle"),
    html`${panel("chart-incidents-month", say("chartIncidentsMonth"), perMonth)}
${panel("chart-incidents-category", say("chartIncidentsCategory"), categories)}
${panel("chart-ack-median", say("chartAckMedian"), ackMedian)}
${panel("chart-ack-dist", say("chartAckDist"), html`${ackDist}<p class="muted">${say("ackPending", { n: inc.unacknowledged })}</p>`)}
${panel("chart-moderation-category", say("chartModeration"), modCategories)}
${panel("chart-moderation-month", say("chartModerationMonth"), modMonths)}`,
  );
}

/** Charts within the viewer's scope: incidents by month, severity and category; time to acknowledge; moderation volume. */
export const chartsPage: DashboardPage = {
  id: "charts",
  nav: { path: "/dashboard/charts", order: 50, label: (locale) => ops(locale, "navCharts") },
  install(routes) {
    routes.get("/dashboard/charts", charts);
  },
};
