import { type Actor, acknowledge, completeDuty, findIncident, type Outcome } from "../../incidents/index.js";
import { countdown, localTime } from "../countdown.js";
import { incidentCategoryName, incidentsOrNull } from "../feature-services.js";
import { html } from "../html.js";
import { incidentTimeline, renderTimeline } from "../incident-timeline.js";
import { type OpsMessage, ops } from "../ops-messages.js";
import { type DashboardPage, forbidden, notFound, type PageContext, type PageResult, page } from "../page-registry.js";
import { seesIncident } from "../scope.js";
import { incidentState } from "./incidents.js";

type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

async function load(ctx: PageContext) {
  const number = ctx.params.number ?? "";
  return ctx.app.db.prisma.incident.findUnique({ where: { number }, include: { unit: { select: { name: true } } } });
}

/** The incident, or the refusal: outside the scope a missing number and a hidden one both answer 403. */
async function visible(ctx: PageContext): Promise<Loaded | PageResult> {
  const inc = await load(ctx);
  if (!inc) return ctx.viewer.scope.kind === "all" ? notFound() : forbidden();
  if (!seesIncident(ctx.viewer.scope, inc)) return forbidden();
  return inc;
}

const isResult = (x: Loaded | PageResult): x is PageResult => !("id" in x);

async function render(ctx: PageContext, inc: Loaded, outcome?: Outcome) {
  const say = (k: OpsMessage, p?: Record<string, string | number>) => ops(ctx.locale, k, p);
  const svc = incidentsOrNull(ctx.app);
  const timeline = await incidentTimeline(ctx.app, inc, ctx.locale, ctx.now);
  const open = await ctx.app.db.prisma.deadline.findMany({
    where: { incidentId: inc.id, state: "open" },
    orderBy: { dueAt: "asc" },
  });
  const duties =
    (inc.policySnapshot as { duties?: { id: string; title: Record<string, string>; proof?: string }[] }).duties ?? [];
  const openDuties = open.filter((d) => d.kind === "duty" && d.dutyId);
  const names = (inc.chainSnapshot as { names?: Record<string, string> }).names ?? {};
  const nameOf = (id: string) => names[id] ?? id;
  const who = inc.acknowledgedBy ? nameOf(inc.acknowledgedBy) : "";
  const state = incidentState(inc);
  const action = `/dashboard/incidents/${encodeURIComponent(inc.number)}`;
  const ackForm =
    svc &&
    !inc.acknowledgedAt &&
    html`<form method="post" action="${action}/ack" id="ack-form">${ctx.csrfField}<button class="primary" type="submit" id="ack">${say("ackButton")}</button></form>`;
  const doneForm =
    svc &&
    openDuties.length > 0 &&
    html`<form method="post" action="${action}/done" id="done-form"><h3>${say("doneHeading")}</h3>${ctx.csrfField}
<label for="done-duty">${say("doneDuty")}</label><select id="done-duty" name="duty">${openDuties.map(
      (d) =>
        html`<option value="${d.dutyId}">${duties.find((x) => x.id === d.dutyId)?.title[ctx.locale] ?? d.dutyId}</option>`,
    )}</select>
<label for="done-proof">${say("doneProof")}</label><input type="text" id="done-proof" name="proof" maxlength="500">
<button class="primary" type="submit" id="done">${say("doneButton")}</button></form>`;
  const openRows = open.map(
    (d) =>
      html`<tr data-deadline="${d.id}" data-key="${d.kind === "ack" ? "ack" : d.dutyId}"><td>${d.kind === "ack" ? say("ackWhat") : (duties.find((x) => x.id === d.dutyId)?.title[ctx.locale] ?? d.dutyId)}</td>
<td>${d.ownerPersonIds.map(nameOf).join("、")}</td><td>${localTime(d.dueAt)}</td><td>${countdown(d.dueAt, ctx.now, ctx.locale)}</td></tr>`,
  );
  return page(
    say("incidentTitle", { number: inc.number }),
    html`${outcome && html`<p class="notice${outcome.ok ? "" : " error"}" id="outcome" data-refused="${outcome.refused ? "yes" : "no"}">${outcome.text}</p>`}
<section class="panel" id="incident-summary">
<p><span class="tag">${incidentCategoryName(ctx.app, inc.category, ctx.locale)}</span><span class="tag sev-${inc.severity}">${say(`sev_${inc.severity}` as OpsMessage)}</span><span class="tag">${inc.unit.name}</span>
<span class="tag state-${state}" id="incident-state">${say(`state_${state}`)}</span></p>
<p>${say("description")}: ${inc.description}</p>
${inc.affectedSystem && html`<p>${say("affectedSystem")}: ${inc.affectedSystem}</p>`}
${inc.acknowledgedAt && html`<p id="acknowledged">${say("acknowledgedBy", { who, at: localTime(inc.acknowledgedAt) })}</p>`}
</section>
<h2>${say("openDeadlines")}</h2>
${
  open.length
    ? html`<table id="open-deadlines"><thead><tr><th>${say("colNext")}</th><th>${ctx.text("colOwner")}</th><th>${ctx.text("colDue")}</th><th>${ctx.text("colRemaining")}</th></tr></thead><tbody>${openRows}</tbody></table>`
    : html`<p class="muted" id="open-deadlines">${say("noOpenDeadlines")}</p>`
}
${(ackForm || doneForm) && html`<h2>${say("actionsHeading")}</h2><section class="panel" id="actions">${ackForm}${doneForm}</section>`}
<h2>${say("timelineHeading")}</h2>${renderTimeline(timeline)}`,
    outcome?.refused ? 403 : undefined,
  );
}

function actorOf(ctx: PageContext): Actor {
  return { personId: ctx.viewer.person.id, auditId: ctx.viewer.person.id, locale: ctx.locale, via: "dashboard" };
}

/** Runs one authorised incident action as the viewer (the same rules and audit as in chat), then shows the result. */
async function act(ctx: PageContext, run: (actor: Actor, number: string) => Promise<Outcome>): Promise<PageResult> {
  const inc = await visible(ctx);
  if (isResult(inc)) {
    await ctx.app.audit.append({
      actor: ctx.viewer.person.id,
      action: "dashboard.refused",
      subjectType: "incident_number",
      subjectId: ctx.params.number ?? "",
      data: { path: ctx.req.url ?? "", reason: "scope" },
    });
    return inc;
  }
  if (!incidentsOrNull(ctx.app)) return notFound();
  const outcome = await run(actorOf(ctx), inc.number);
  return render(ctx, (await load(ctx)) ?? inc, outcome);
}

async function ackAction(ctx: PageContext) {
  return act(ctx, async (actor, number) => {
    const svc = incidentsOrNull(ctx.app)!;
    return acknowledge(svc, (await findIncident(svc, number))!, actor);
  });
}

async function doneAction(ctx: PageContext) {
  const duty = (ctx.form.get("duty") ?? "").trim();
  const proof = (ctx.form.get("proof") ?? "").slice(0, 500);
  return act(ctx, async (actor, number) => {
    const svc = incidentsOrNull(ctx.app)!;
    return completeDuty(svc, (await findIncident(svc, number))!, duty, proof, actor);
  });
}

async function detail(ctx: PageContext) {
  const inc = await visible(ctx);
  return isResult(inc) ? inc : render(ctx, inc);
}

/** One incident: summary, open deadlines with countdowns, acknowledge / duty-done, and the full timeline. */
export const incidentDetailPage: DashboardPage = {
  id: "incident-detail",
  install(routes) {
    routes.get("/dashboard/incidents/:number", detail);
    routes.post("/dashboard/incidents/:number/ack", ackAction);
    routes.post("/dashboard/incidents/:number/done", doneAction);
  },
};
