import type { Button, MessageRef, OutboundMessage } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { type DeadlineRow, keyOf } from "./deadlines/rows.js";
import { formatLeft, formatTime, severityName } from "./format.js";
import { categoryName, dutyOf, type IncidentView, namesOf, toView, whatOf } from "./incident-view.js";
import { m } from "./messages.js";
import type { IncidentService } from "./service.js";

/** A message that carried a deadline's buttons, and the language it was written in. */
type NoticeRef = MessageRef & { locale: Locale; text: string };

/** The buttons a deadline message carries; the value names the incident and the deadline, not a row. */
export function deadlineButtons(inc: IncidentView, row: DeadlineRow, locale: Locale): Button[][] {
  const value = { incident: inc.number, deadline: keyOf(row) };
  const ownedElsewhere = row.kind !== "ack" && dutyOf(inc, keyOf(row))?.doneVia !== undefined;
  const first: Button | null = ownedElsewhere
    ? null
    : row.kind === "ack"
      ? { actionId: "incident.ack", label: m(locale, "btnAck"), value, style: "primary" }
      : {
          actionId: "incident.done",
          label: m(locale, "btnDone"),
          value,
          style: "primary",
          input: { label: m(locale, "inputProof") },
        };
  return [
    [
      ...(first ? [first] : []),
      { actionId: "incident.escalate", label: m(locale, "btnEscalate"), value, style: "danger" },
      {
        actionId: "incident.reassign",
        label: m(locale, "btnReassign"),
        value,
        input: { label: m(locale, "inputReassign") },
      },
    ],
  ];
}

async function personName(svc: IncidentService, inc: IncidentView, id: string, locale: Locale): Promise<string> {
  if (id === "system") return m(locale, "system");
  return namesOf(svc, inc, [id], locale);
}

/** The text of a notice of `kind` about `row`, in `locale`. */
async function noticeText(
  svc: IncidentService,
  inc: IncidentView,
  row: DeadlineRow,
  kind: string,
  locale: Locale,
): Promise<string> {
  const now = svc.now();
  const [verb, actorId] = kind.split(":") as [string, string | undefined];
  const owner = await namesOf(svc, inc, row.ownerPersonIds, locale);
  const base = {
    number: inc.number,
    category: categoryName(svc, inc, locale),
    severity: severityName(inc.severity, locale),
    owner,
    due: formatTime(row.dueAt),
    left: formatLeft(row.dueAt, now, locale),
    what: whatOf(inc, row, locale),
    duty: whatOf(inc, row, locale),
  };
  switch (verb) {
    case "assigned": {
      if (row.kind === "ack") {
        const reporter = inc.reporterPersonId
          ? await personName(svc, inc, inc.reporterPersonId, locale)
          : inc.reporterExternal
            ? m(locale, "external", { id: inc.reporterExternal })
            : m(locale, "system");
        const evidence = await svc.prisma.evidence.count({ where: { incidentId: inc.id } });
        const unit = (await svc.app.directory.unit(inc.unitId))?.name ?? inc.unitId;
        return m(locale, "opened", { ...base, unit, reporter, description: inc.description, evidence });
      }
      const basis = dutyOf(inc, row.dutyId)?.basis;
      return m(locale, "dutyAssigned", { ...base, basis: basis ? m(locale, "basis", { basis }) : "" });
    }
    case "escalated":
      return m(locale, row.kind === "ack" ? "ackEscalated" : "dutyEscalated", base);
    case "manual":
      return m(locale, "manualEscalated", { ...base, actor: await personName(svc, inc, actorId ?? "system", locale) });
    case "reassigned":
      return m(locale, "reassigned", { ...base, actor: await personName(svc, inc, actorId ?? "system", locale) });
    case "reminder":
      return m(locale, "reminder", base);
    default:
      return m(locale, "exhausted", base);
  }
}

/** Sends one notice: to the incident's group (not reminders) and to each owner directly. */
async function send(svc: IncidentService, inc: IncidentView, row: DeadlineRow, kind: string): Promise<NoticeRef[]> {
  const open = row.state === "open";
  const refs: NoticeRef[] = [];
  const build = async (locale: Locale): Promise<OutboundMessage> => ({
    text: await noticeText(svc, inc, row, kind, locale),
    ...(open ? { buttons: deadlineButtons(inc, row, locale) } : {}),
  });
  if (inc.sourceGroupId && kind !== "reminder") {
    const msg = await build(svc.locale);
    const sent = await svc.app.chat.postToGroup(inc.sourceGroupId, msg);
    refs.push(...sent.map((r) => ({ ...r, locale: svc.locale, text: msg.text })));
  }
  // When nobody is left above, the whole chain hears of it.
  const people = open ? row.ownerPersonIds : [...new Set(inc.chain.levels.flatMap((l) => l.personIds))];
  for (const pid of people) {
    const locale = await svc.localeOf(pid);
    const msg = await build(locale);
    refs.push(...(await svc.app.chat.notifyPerson(pid, msg)).map((r) => ({ ...r, locale, text: msg.text })));
  }
  return refs;
}

function order(inc: IncidentView, row: DeadlineRow): number {
  const duty = row.kind === "ack" ? -1 : inc.rule.duties.findIndex((d) => d.id === row.dutyId);
  return duty * 1000 + row.level;
}

/**
 * Delivers the notices still pending on an incident's deadlines. Each is claimed with a conditional
 * update first, so two processes never send the same one; a crash between claim and send loses
 * that one message (at most once), never the state change it announces.
 */
export async function deliverPending(svc: IncidentService, incidentId: string | null | undefined): Promise<number> {
  if (!incidentId) return 0;
  const rows = await svc.prisma.deadline.findMany({ where: { incidentId, noticePending: { not: null } } });
  if (rows.length === 0) return 0;
  const incident = await svc.prisma.incident.findUnique({ where: { id: incidentId } });
  if (!incident) return 0;
  const inc = toView(incident);
  let sent = 0;
  for (const row of rows.sort((a, b) => order(inc, a) - order(inc, b))) {
    const kind = row.noticePending!;
    const claim = await svc.prisma.deadline.updateMany({
      where: { id: row.id, noticePending: kind },
      data: { noticePending: null },
    });
    if (claim.count !== 1) continue;
    const refs = await send(svc, inc, row, kind);
    sent += 1;
    // Reminders are not edited later: the assignment message already carries the outcome.
    if (refs.length && kind !== "exhausted" && kind !== "reminder") {
      const fresh = await svc.prisma.deadline.findUnique({ where: { id: row.id }, select: { notices: true } });
      await svc.prisma.deadline.update({
        where: { id: row.id },
        data: { notices: [...((fresh?.notices as unknown as NoticeRef[]) ?? []), ...refs] as object[] },
      });
    }
  }
  return sent;
}

/** Replaces the buttons of a deadline's messages with who acted and when (where the platform can edit). */
export async function closeNotices(
  svc: IncidentService,
  row: DeadlineRow,
  line: (locale: Locale) => string,
): Promise<void> {
  const refs = (row.notices as unknown as NoticeRef[]) ?? [];
  for (const { locale: l, text, ...ref } of refs) {
    const locale = l ?? svc.locale;
    try {
      await svc.app.chat.edit(ref, { text: `${text}\n${line(locale)}`, buttons: [] });
    } catch (e) {
      svc.app.logger.debug({ err: (e as Error).message }, "could not edit a deadline message");
    }
  }
}
