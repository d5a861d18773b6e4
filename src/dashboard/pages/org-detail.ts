import { html } from "../html.js";
import { roleName } from "../messages.js";
import { type DashboardPage, forbidden, notFound, type PageContext, page } from "../page-registry.js";
import { seesPerson, seesUnit } from "../scope.js";

// Outside the viewer's scope, a missing id and a hidden one answer alike (403), so ids cannot be probed.
const missing = (ctx: PageContext) => (ctx.viewer.scope.kind === "all" ? notFound() : forbidden());

const isCurrent = (r: { until: Date | null }, now: Date) => !r.until || r.until.getTime() > now.getTime();
const day = (d: Date) => d.toISOString().slice(0, 10);

async function unitDetail(ctx: PageContext) {
  const id = ctx.params.id ?? "";
  if (!seesUnit(ctx.viewer.scope, id)) return forbidden();
  const { prisma } = ctx.app.db;
  const unit = await prisma.unit.findUnique({
    where: { id },
    include: {
      parent: true,
      children: { orderBy: { id: "asc" } },
      roles: { include: { person: true }, orderBy: [{ role: "asc" }, { personId: "asc" }] },
      groups: { include: { channels: true }, orderBy: { id: "asc" } },
    },
  });
  if (!unit) return missing(ctx);
  const holders = unit.roles.filter((r) => isCurrent(r, ctx.now));
  return page(
    ctx.text("unitTitle", { name: unit.name }),
    html`<section class="panel"><p>${ctx.text("colId")}: ${unit.id}</p>
<p>${ctx.text("parentUnit")}: ${unit.parent ? (seesUnit(ctx.viewer.scope, unit.parent.id) ? html`<a href="/dashboard/org/units/${encodeURIComponent(unit.parent.id)}">${unit.parent.name}</a>` : unit.parent.name) : ctx.text("none")}</p>
<p>${ctx.text("childUnits")}: ${unit.children.length ? unit.children.map((c) => html`<a class="tag" href="/dashboard/org/units/${encodeURIComponent(c.id)}">${c.name}</a>`) : ctx.text("none")}</p></section>
<h2>${ctx.text("peopleHeading")}</h2>
<table id="unit-people"><thead><tr><th>${ctx.text("colRoles")}</th><th>${ctx.text("colName")}</th><th>${ctx.text("colId")}</th></tr></thead><tbody>${holders.map(
      (r) =>
        html`<tr data-person="${r.personId}"><td>${roleName(ctx.locale, r.role)}</td><td>${r.person.name}</td><td><a href="/dashboard/org/people/${encodeURIComponent(r.personId)}">${r.personId}</a></td></tr>`,
    )}</tbody></table>
<h2>${ctx.text("groupsHeading")}</h2>
<table id="unit-groups"><thead><tr><th>${ctx.text("colId")}</th><th>${ctx.text("colName")}</th><th>${ctx.text("colChannels")}</th></tr></thead><tbody>${unit.groups.map(
      (g) =>
        html`<tr><td>${g.id}</td><td>${g.name ?? ""}</td><td>${g.channels.map((c) => html`<span class="tag">${c.platform}: ${c.externalId}</span>`)}</td></tr>`,
    )}</tbody></table>`,
  );
}

async function personDetail(ctx: PageContext) {
  const id = ctx.params.id ?? "";
  const { prisma } = ctx.app.db;
  const person = await prisma.person.findUnique({
    where: { id },
    include: {
      roles: { include: { unit: true }, orderBy: { since: "asc" } },
      identities: { orderBy: { platform: "asc" } },
    },
  });
  if (!person) return missing(ctx);
  const current = person.roles.filter((r) => isCurrent(r, ctx.now));
  if (!seesPerson(ctx.viewer.scope, { id: person.id, roles: current.map((r) => ({ role: r.role, unitId: r.unitId })) }))
    return forbidden();
  return page(
    ctx.text("personTitle", { name: person.name }),
    html`<section class="panel"><p>${ctx.text("colId")}: ${person.id}${!person.active && html` <span class="muted">(${ctx.text("inactive")})</span>`}</p>
<p>${ctx.text("colChat")}: ${person.identities.map((i) => html`<span class="tag">${i.platform}: ${i.externalId}</span>`)}</p></section>
<h2>${ctx.text("colRoles")}</h2>
<table id="person-roles"><thead><tr><th>${ctx.text("colRoles")}</th><th>${ctx.text("colUnit")}</th><th></th></tr></thead><tbody>${person.roles.map(
      (r) =>
        html`<tr class="${isCurrent(r, ctx.now) ? "" : "muted"}"><td>${roleName(ctx.locale, r.role)}</td><td>${r.unit.name}</td><td>${day(r.since)} – ${r.until ? day(r.until) : ""}</td></tr>`,
    )}</tbody></table>`,
  );
}

/** Unit and person detail pages; the server refuses ids outside the viewer's scope (403). */
export const orgDetailPages: DashboardPage = {
  id: "org-detail",
  install(routes) {
    routes.get("/dashboard/org/units/:id", unitDetail);
    routes.get("/dashboard/org/people/:id", personDetail);
  },
};
