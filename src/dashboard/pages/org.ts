import { ErrorCodes } from "../../core/errors.js";
import { parseYaml } from "../../core/yaml-file.js";
import { importOrg } from "../../org/import.js";
import { orgFileSchema } from "../../org/org-file.js";
import { html, type SafeHtml, unsafeRaw } from "../html.js";
import { roleName, t } from "../messages.js";
import { type DashboardPage, forbidden, type PageContext, page } from "../page-registry.js";
import { mayImportOrg, seesPerson, seesUnit } from "../scope.js";
import { groupsWhere, peopleWhere } from "../scoped-queries.js";

type UnitRow = { id: string; name: string; parentId: string | null };

function unitTree(ctx: PageContext, units: UnitRow[]): SafeHtml {
  const known = new Set(units.map((u) => u.id));
  const children = (parent: string | null) =>
    units.filter((u) => (parent === null ? !u.parentId || !known.has(u.parentId) : u.parentId === parent));
  const branch = (parent: string | null, depth: number): SafeHtml => {
    const list = children(parent);
    if (!list.length || depth > 50) return html``;
    return html`<ul class="tree">${list.map(
      (u) =>
        html`<li data-unit="${u.id}">${
          seesUnit(ctx.viewer.scope, u.id)
            ? html`<a href="/dashboard/org/units/${encodeURIComponent(u.id)}">${u.name}</a>`
            : html`${u.name} <span class="muted">${ctx.text("restricted")}</span>`
        } <span class="muted">${u.id}</span>${branch(u.id, depth + 1)}</li>`,
    )}</ul>`;
  };
  return branch(null, 0);
}

// Reads a chosen file into the textarea, so the upload is an ordinary urlencoded form post.
const fileScript = unsafeRaw(
  `document.getElementById("org-file").addEventListener("change",async e=>{const f=e.target.files[0];if(f)document.getElementById("org-yaml").value=await f.text()});`,
);

export async function renderOrg(ctx: PageContext, notice?: { ok: boolean; text: string }, yaml = "") {
  const { prisma } = ctx.app.db;
  const { scope } = ctx.viewer;
  const current = { OR: [{ until: null }, { until: { gt: ctx.now } }] };
  const [units, people, groups] = await Promise.all([
    prisma.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, parentId: true } }),
    prisma.person.findMany({
      where: peopleWhere(scope, ctx.now),
      orderBy: { id: "asc" },
      include: { roles: { where: current, orderBy: { role: "asc" } }, identities: { orderBy: { platform: "asc" } } },
    }),
    prisma.chatGroup.findMany({
      where: groupsWhere(scope, ctx.now),
      orderBy: { id: "asc" },
      include: { channels: { orderBy: { platform: "asc" } } },
    }),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  // The query already limits people; the check again here keeps the rule in one function.
  const visiblePeople = people.filter((p) =>
    seesPerson(scope, { id: p.id, roles: p.roles.map((r) => ({ role: r.role, unitId: r.unitId })) }),
  );
  const roleTags = (roles: { role: string; unitId: string }[]) =>
    roles.map(
      (r) => html`<span class="tag">${roleName(ctx.locale, r.role)} · ${unitName.get(r.unitId) ?? r.unitId}</span>`,
    );
  const peopleRows = visiblePeople.map(
    (
      p,
    ) => html`<tr data-person="${p.id}"><td><a href="/dashboard/org/people/${encodeURIComponent(p.id)}">${p.id}</a></td><td>${p.name}${!p.active && html` <span class="muted">(${ctx.text("inactive")})</span>`}</td>
<td>${roleTags(p.roles)}</td><td>${p.identities.map((i) => html`<span class="tag">${i.platform}: ${i.externalId}</span>`)}</td></tr>`,
  );
  const groupRows = groups.map(
    (
      g,
    ) => html`<tr data-group="${g.id}"><td>${g.id}</td><td>${g.name ?? ""}</td><td>${unitName.get(g.unitId) ?? g.unitId}</td>
<td>${g.channels.map((c) => html`<span class="tag">${c.platform}: ${c.externalId}</span>`)}</td>
<td>${g.external && html`<span class="tag">${ctx.text("external")}</span>`}${g.reviewedPostsOnly && html`<span class="tag">${ctx.text("reviewedOnly")}</span>`}</td></tr>`,
  );
  const importForm =
    mayImportOrg(ctx.viewer.person) &&
    html`<h2>${ctx.text("importHeading")}</h2><section class="panel"><p class="muted">${ctx.text("importHelp")}</p>
<form method="post" action="/dashboard/org/import" id="import-form">${ctx.csrfField}
<label for="org-file">${ctx.text("importFile")}</label><input type="file" id="org-file" accept=".yaml,.yml,text/yaml">
<label for="org-yaml">YAML</label><textarea id="org-yaml" name="yaml" required spellcheck="false">${yaml}</textarea>
<button class="primary" type="submit">${ctx.text("importSubmit")}</button></form></section><script nonce="${ctx.nonce}">${fileScript}</script>`;
  return page(
    ctx.text("orgTitle"),
    html`${notice && html`<p class="notice${notice.ok ? "" : " error"}" id="import-result">${notice.text}</p>`}
<h2>${ctx.text("unitsHeading")}</h2><section class="panel" id="units">${unitTree(ctx, units)}</section>
<h2>${ctx.text("peopleHeading")}</h2>
<table id="people"><thead><tr><th>${ctx.text("colId")}</th><th>${ctx.text("colName")}</th><th>${ctx.text("colRoles")}</th><th>${ctx.text("colChat")}</th></tr></thead><tbody>${peopleRows}</tbody></table>
<h2>${ctx.text("groupsHeading")}</h2>
<table id="groups"><thead><tr><th>${ctx.text("colId")}</th><th>${ctx.text("colName")}</th><th>${ctx.text("colUnit")}</th><th>${ctx.text("colChannels")}</th><th>${ctx.text("colFlags")}</th></tr></thead><tbody>${groupRows}</tbody></table>
${importForm}`,
    notice && !notice.ok ? 400 : undefined,
  );
}

async function importFromForm(ctx: PageContext) {
  if (!mayImportOrg(ctx.viewer.person)) return forbidden();
  const yaml = ctx.form.get("yaml") ?? "";
  try {
    const org = parseYaml(yaml, "org.yaml", orgFileSchema, ErrorCodes.orgFileInvalid);
    const s = await importOrg(ctx.app.db.prisma, org, {
      clock: ctx.app.clock,
      audit: ctx.app.audit,
      actor: ctx.viewer.person.id,
    });
    ctx.app.directory.invalidate();
    return renderOrg(ctx, { ok: true, text: ctx.text("importDone", { ...s }) });
  } catch (e) {
    return renderOrg(ctx, { ok: false, text: ctx.text("importFailed", { error: (e as Error).message }) }, yaml);
  }
}

/** The org directory: unit tree, people with roles and chat accounts, groups with their chats; re-import for org-wide roles. */
export const orgPage: DashboardPage = {
  id: "org",
  nav: { path: "/dashboard/org", order: 10, label: (locale) => t(locale, "navOrg") },
  install(routes) {
    routes.get("/dashboard/org", (ctx) => renderOrg(ctx));
    routes.post("/dashboard/org/import", importFromForm);
  },
};
