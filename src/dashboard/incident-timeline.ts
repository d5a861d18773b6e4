import type { AppContext } from "../app/context.js";
import type { Locale } from "../i18n/i18n.js";
import { countdown, localTime } from "./countdown.js";
import { html, type SafeHtml } from "./html.js";
import { type OpsMessage, ops } from "./ops-messages.js";

/** One line of an incident's timeline. */
export interface TimelineEntry {
  at: Date;
  kind: "report" | "evidence" | "deadline" | "deadline-closed" | "ack" | "case" | "finding" | "audit";
  body: SafeHtml;
}

type IncidentRow = {
  id: string;
  number: string;
  openedAt: Date;
  reporterPersonId: string | null;
  reporterExternal: string | null;
  chainSnapshot: unknown;
  policySnapshot: unknown;
};

const auditDataLimit = 400;

/** A short, escaped rendering of an audit entry's data. */
function auditData(data: unknown): string {
  const s = JSON.stringify(data ?? {});
  return s.length > auditDataLimit ? `${s.slice(0, auditDataLimit)}…` : s;
}

/**
 * Everything recorded about an incident, oldest first: the report, evidence with its hashes, each
 * deadline (owners, live countdown while open) and how it closed, acknowledgements, the accountability
 * case and its findings, and the audit entries about it.
 */
export async function incidentTimeline(
  app: AppContext,
  inc: IncidentRow,
  locale: Locale,
  now: Date,
): Promise<TimelineEntry[]> {
  const { prisma } = app.db;
  const say = (k: OpsMessage, p?: Record<string, string | number>) => ops(locale, k, p);
  const [evidence, deadlines, acks, audit, kase] = await Promise.all([
    prisma.evidence.findMany({ where: { incidentId: inc.id }, orderBy: { addedAt: "asc" } }),
    prisma.deadline.findMany({ where: { incidentId: inc.id }, orderBy: { createdAt: "asc" } }),
    prisma.acknowledgement.findMany({ where: { incidentId: inc.id }, orderBy: { at: "asc" } }),
    prisma.auditEntry.findMany({ where: { subjectType: "incident", subjectId: inc.id }, orderBy: { seq: "asc" } }),
    prisma.accountabilityCase.findUnique({ where: { incidentId: inc.id } }),
  ]);
  const findings = kase
    ? await prisma.caseFinding.findMany({ where: { caseId: kase.id }, orderBy: { addedAt: "asc" } })
    : [];
  const chainNames = ((inc.chainSnapshot as { names?: Record<string, string> } | null)?.names ?? {}) as Record<
    string,
    string
  >;
  const ids = new Set<string>();
  for (const d of deadlines) for (const p of d.ownerPersonIds) ids.add(p);
  for (const a of acks) ids.add(a.personId);
  if (inc.reporterPersonId) ids.add(inc.reporterPersonId);
  const people = new Map(
    (await prisma.person.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } })).map((p) => [
      p.id,
      p.name,
    ]),
  );
  const name = (id: string | null) => (id ? (chainNames[id] ?? people.get(id) ?? id) : "—");
  const duties = ((inc.policySnapshot as { duties?: { id: string; title: Record<Locale, string> }[] } | null)?.duties ??
    []) as { id: string; title: Record<Locale, string> }[];
  const what = (d: { kind: string; dutyId: string | null }) =>
    d.kind === "ack" ? say("ackWhat") : (duties.find((x) => x.id === d.dutyId)?.title[locale] ?? d.dutyId ?? "");

  const out: TimelineEntry[] = [
    {
      at: inc.openedAt,
      kind: "report",
      body: html`${say("ev_report", { who: inc.reporterPersonId ? name(inc.reporterPersonId) : (inc.reporterExternal ?? "system") })}`,
    },
  ];
  for (const e of evidence)
    out.push({
      at: e.addedAt,
      kind: "evidence",
      body: html`${say("ev_evidence", { kind: e.kind })}${
        typeof (e.content as { text?: unknown }).text === "string" &&
        html` <q>${String((e.content as { text: string }).text).slice(0, 200)}</q>`
      } <span class="muted">${say("hash")}:</span> <code class="hash">${e.contentHash}</code>`,
    });
  // A deadline row's createdAt is the database's clock; the audit entry that set it carries the app's.
  const setAt = new Map<string, Date>();
  for (const a of audit) {
    const id = (a.data as { deadline?: unknown } | null)?.deadline;
    if (typeof id === "string" && !setAt.has(id) && a.action !== "ack.refused") setAt.set(id, a.at);
  }
  for (const d of deadlines) {
    out.push({
      at: setAt.get(d.id) ?? inc.openedAt,
      kind: "deadline",
      body: html`<span data-deadline="${d.id}">${say("ev_deadline", {
        what: what(d),
        owners: d.ownerPersonIds.map(name).join("、") || "—",
        level: d.level + 1,
        due: localTime(d.dueAt),
      })}</span>${d.state === "open" && html` · ${countdown(d.dueAt, now, locale)}`}`,
    });
    if (d.closedAt)
      out.push({
        at: d.closedAt,
        kind: "deadline-closed",
        body: html`${say("ev_deadlineClosed", { state: say(`dl_${d.state}` as OpsMessage), what: what(d) })}${
          d.closedBy && html` · ${say("by", { who: name(d.closedBy) })}`
        }${d.proof && html` · ${say("proof", { proof: d.proof })}`}`,
      });
  }
  for (const a of acks)
    out.push({ at: a.at, kind: "ack", body: html`${say("ev_ack", { who: name(a.personId), via: a.via })}` });
  if (kase) out.push({ at: kase.openedAt, kind: "case", body: html`${say("ev_case", { state: kase.state })}` });
  for (const f of findings)
    out.push({ at: f.addedAt, kind: "finding", body: html`${say("ev_finding", { text: f.text.slice(0, 300) })}` });
  for (const a of audit)
    out.push({
      at: a.at,
      kind: "audit",
      body: html`${say("ev_audit", { action: a.action })} · ${say("by", { who: name(a.actor) })} <code class="audit-data">${auditData(a.data)}</code>`,
    });
  // Stable: entries at the same instant keep the order they were gathered in.
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map((x) => x.e);
}

/** The timeline as an ordered list. */
export function renderTimeline(entries: readonly TimelineEntry[]): SafeHtml {
  return html`<ol class="timeline" id="timeline">${entries.map(
    (e) =>
      html`<li class="ev-${e.kind}" data-kind="${e.kind}"><time datetime="${e.at.toISOString()}">${localTime(e.at)}</time> ${e.body}</li>`,
  )}</ol>`;
}
