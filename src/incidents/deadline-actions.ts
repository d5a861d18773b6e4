import type { Locale } from "../i18n/i18n.js";
import { mayAct } from "./chain.js";
import { openNextLevel } from "./deadlines/hand-up.js";
import { allJobIds, jobsFor } from "./deadlines/jobs.js";
import { currentRow, type DeadlineRow, keyOf } from "./deadlines/rows.js";
import { formatTime } from "./format.js";
import { dutyOf, type IncidentView, namesOf, whatOf } from "./incident-view.js";
import { m } from "./messages.js";
import { closeNotices, deliverPending } from "./notices.js";
import type { IncidentService } from "./service.js";

/** Who is acting, as the audit log and the messages name them. */
export interface Actor {
  /** Directory person id, or null for someone not in the directory. */
  personId: string | null;
  /** Audit actor: the person id, or platform:externalId. */
  auditId: string;
  locale: Locale;
  /** "command" or "button". */
  via: string;
}

/** What to tell the actor; `ok` false when nothing changed. */
export interface Outcome {
  ok: boolean;
  text: string;
  /** Refused for lack of authority (audited). */
  refused?: boolean;
}

type Verb = "ack" | "done" | "escalate" | "reassign";

async function actorName(svc: IncidentService, inc: IncidentView, actor: Actor): Promise<string> {
  return actor.personId
    ? namesOf(svc, inc, [actor.personId], actor.locale)
    : m(actor.locale, "external", { id: actor.auditId });
}

/** Polite refusal; the attempt is in the audit log as `<verb>.refused`. */
async function refuse(
  svc: IncidentService,
  inc: IncidentView,
  row: DeadlineRow | null,
  verb: Verb,
  actor: Actor,
): Promise<Outcome> {
  const key = row ? keyOf(row) : "ack";
  await svc.app.audit.append({
    actor: actor.auditId,
    action: `${verb}.refused`,
    subjectType: "incident",
    subjectId: inc.id,
    data: { number: inc.number, key, deadline: row?.id ?? null, owners: row?.ownerPersonIds ?? [], via: actor.via },
  });
  const say = async (locale: Locale) =>
    actor.personId
      ? m(locale, "refused", {
          number: inc.number,
          what: row ? whatOf(inc, row, locale) : m(locale, "ackWhat"),
          owner: await namesOf(svc, inc, row?.ownerPersonIds ?? [], locale),
        })
      : m(locale, "refusedUnknown");
  svc.emit({
    kind: "refused",
    incident: inc.number,
    deadline: key,
    to: actor.personId ?? actor.auditId,
    text: `${verb}: ${await say(svc.locale)}`,
  });
  return { ok: false, refused: true, text: await say(actor.locale) };
}

function allowed(inc: IncidentView, row: DeadlineRow | null, actor: Actor): boolean {
  return mayAct(inc.chain, row ?? { level: 0, ownerPersonIds: [] }, actor.personId);
}

/** Acknowledges an incident: meets its open acknowledgement window. */
export async function acknowledge(svc: IncidentService, inc: IncidentView, actor: Actor): Promise<Outcome> {
  const now = svc.now();
  if (inc.acknowledgedAt) {
    const by = await namesOf(svc, inc, [inc.acknowledgedBy ?? ""], actor.locale);
    return {
      ok: false,
      text: m(actor.locale, "alreadyAcked", { number: inc.number, by, at: formatTime(inc.acknowledgedAt) }),
    };
  }
  const row = await currentRow(svc.prisma, inc.id, "ack");
  const open = row?.state === "open" ? row : null;
  // With no open window (nobody acknowledged up the whole chain) anyone in the chain may still acknowledge.
  if (!allowed(inc, open, actor)) return refuse(svc, inc, open ?? row, "ack", actor);
  const done = await svc.prisma.$transaction(async (tx) => {
    const first = await tx.incident.updateMany({
      where: { id: inc.id, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedBy: actor.personId },
    });
    if (first.count !== 1) return false;
    if (open)
      await tx.deadline.updateMany({
        where: { id: open.id, version: open.version, state: "open" },
        data: { state: "met", closedAt: now, closedBy: actor.auditId },
      });
    await tx.acknowledgement.create({
      data: { incidentId: inc.id, deadlineId: open?.id ?? null, personId: actor.personId!, via: actor.via, at: now },
    });
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "incident.acknowledged",
        subjectType: "incident",
        subjectId: inc.id,
        data: { number: inc.number, deadline: open?.id ?? null, level: open?.level ?? null, via: actor.via },
      },
      tx,
    );
    return true;
  });
  if (!done) return acknowledge(svc, { ...inc, ...(await freshAck(svc, inc.id)) }, actor);
  const name = await actorName(svc, inc, actor);
  svc.emit({
    kind: "acknowledged",
    incident: inc.number,
    deadline: "ack",
    to: actor.personId!,
    text: m(svc.locale, "acked", { actor: name, number: inc.number, at: formatTime(now) }),
  });
  if (open) {
    svc.emit({
      kind: "deadline_met",
      incident: inc.number,
      deadline: "ack",
      to: actor.personId!,
      text: m(svc.locale, "ackWhat"),
    });
    await svc.timers.cancel(allJobIds(open));
    await closeNotices(svc, open, (l) => m(l, "closedAck", { actor: name, at: formatTime(now) }));
  }
  return { ok: true, text: m(actor.locale, "acked", { actor: name, number: inc.number, at: formatTime(now) }) };
}

async function freshAck(
  svc: IncidentService,
  id: string,
): Promise<Pick<IncidentView, "acknowledgedAt" | "acknowledgedBy">> {
  const i = await svc.prisma.incident.findUniqueOrThrow({
    where: { id },
    select: { acknowledgedAt: true, acknowledgedBy: true },
  });
  return i;
}

function dutyChoices(inc: IncidentView): string {
  return inc.rule.duties.map((d) => d.id).join(", ");
}

/** Closes a duty as met, with its proof. */
export async function completeDuty(
  svc: IncidentService,
  inc: IncidentView,
  dutyId: string,
  proof: string,
  actor: Actor,
): Promise<Outcome> {
  const duty = dutyOf(inc, dutyId);
  if (!duty)
    return {
      ok: false,
      text: m(actor.locale, "noSuchDuty", { number: inc.number, duty: dutyId, duties: dutyChoices(inc) }),
    };
  if (duty.doneVia) {
    return {
      ok: false,
      text: m(actor.locale, "doneElsewhere", { number: inc.number, duty: duty.title[actor.locale], via: duty.doneVia }),
    };
  }
  const row = await currentRow(svc.prisma, inc.id, dutyId);
  if (row?.state !== "open") {
    return {
      ok: false,
      text: m(actor.locale, "alreadyDone", {
        number: inc.number,
        duty: duty.title[actor.locale],
        state: row?.state ?? "-",
      }),
    };
  }
  if (!allowed(inc, row, actor)) return refuse(svc, inc, row, "done", actor);
  if (duty.proof === "required" && !proof.trim())
    return { ok: false, text: m(actor.locale, "proofRequired", { number: inc.number, duty: dutyId }) };
  const now = svc.now();
  const ok = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.deadline.updateMany({
      where: { id: row.id, version: row.version, state: "open" },
      data: { state: "met", closedAt: now, closedBy: actor.auditId, proof: proof.trim() || null },
    });
    if (r.count !== 1) return false;
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "deadline.met",
        subjectType: "incident",
        subjectId: inc.id,
        data: {
          number: inc.number,
          deadline: row.id,
          key: dutyId,
          proof: proof.trim(),
          via: actor.via,
          dueAt: row.dueAt.toISOString(),
        },
      },
      tx,
    );
    return true;
  });
  if (!ok) return completeDuty(svc, inc, dutyId, proof, actor); // changed under us: look again
  const name = await actorName(svc, inc, actor);
  svc.emit({
    kind: "deadline_met",
    incident: inc.number,
    deadline: dutyId,
    to: actor.personId ?? actor.auditId,
    text: `${duty.title[svc.locale]}: ${proof.trim()}`,
  });
  await svc.timers.cancel(allJobIds(row));
  await closeNotices(svc, row, (l) =>
    m(l, "closedDone", { actor: name, at: formatTime(now), proof: proof.trim() || "-" }),
  );
  return {
    ok: true,
    text: m(actor.locale, "done", {
      actor: name,
      number: inc.number,
      duty: duty.title[actor.locale],
      at: formatTime(now),
      proof: proof.trim() || "-",
    }),
  };
}

/** Picks the deadline a key names; without a key, the open acknowledgement window, else the earliest open duty. */
async function pick(svc: IncidentService, inc: IncidentView, key: string | undefined): Promise<DeadlineRow | null> {
  if (key) return currentRow(svc.prisma, inc.id, key);
  return svc.prisma.deadline.findFirst({
    where: { incidentId: inc.id, state: "open" },
    orderBy: [{ kind: "asc" }, { dueAt: "asc" }],
  });
}

/** Hands a deadline up to the next level now (the old row is closed as `escalated`). */
export async function escalateNow(
  svc: IncidentService,
  inc: IncidentView,
  key: string | undefined,
  actor: Actor,
): Promise<Outcome> {
  const row = await pick(svc, inc, key);
  if (row?.state !== "open") {
    if (key && key !== "ack" && !dutyOf(inc, key))
      return {
        ok: false,
        text: m(actor.locale, "noSuchDuty", { number: inc.number, duty: key, duties: dutyChoices(inc) }),
      };
    return { ok: false, text: m(actor.locale, "nothingOpen", { number: inc.number }) };
  }
  if (!allowed(inc, row, actor)) return refuse(svc, inc, row, "escalate", actor);
  const next = row.level + 1 < inc.chain.levels.length ? row.level + 1 : null;
  if (next === null)
    return { ok: false, text: m(actor.locale, "atTop", { number: inc.number, what: whatOf(inc, row, actor.locale) }) };
  const now = svc.now();
  const created = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.deadline.updateMany({
      where: { id: row.id, version: row.version, state: "open" },
      data: { state: "escalated", closedAt: now, closedBy: actor.auditId },
    });
    if (r.count !== 1) return null;
    const role = inc.chain.levels[next]!.role;
    // A duty keeps its due time (handing it up does not buy time); an acknowledgement window restarts.
    const dueAt = row.kind === "ack" ? new Date(now.getTime() + inc.rule.ack.windowsMs[role]!) : row.dueAt;
    return openNextLevel(svc, tx, inc, row, {
      level: next,
      dueAt,
      from: now,
      notice: `manual:${actor.personId}`,
      actor: actor.auditId,
      via: actor.via,
    });
  });
  if (!created) return { ok: false, text: m(actor.locale, "nothingOpen", { number: inc.number }) }; // changed under us
  const name = await actorName(svc, inc, actor);
  const owners = await namesOf(svc, inc, created.ownerPersonIds, actor.locale);
  svc.emit({
    kind: "escalated",
    incident: inc.number,
    deadline: keyOf(row),
    to: created.ownerPersonIds.join(","),
    text: `${whatOf(inc, row, svc.locale)} → ${await namesOf(svc, inc, created.ownerPersonIds, svc.locale)}, ${formatTime(created.dueAt)}`,
  });
  await svc.timers.cancel(allJobIds(row));
  await svc.timers.schedule(jobsFor(created));
  await closeNotices(svc, row, (l) => m(l, "closedEscalated", { actor: name, at: formatTime(now), next: owners }));
  await deliverPending(svc, inc.id);
  return {
    ok: true,
    text: m(actor.locale, "escalatedNow", {
      actor: name,
      number: inc.number,
      what: whatOf(inc, row, actor.locale),
      owner: owners,
    }),
  };
}

/** Gives a deadline to another person (same level, same due time, new version). */
export async function reassign(
  svc: IncidentService,
  inc: IncidentView,
  key: string | undefined,
  toPersonId: string,
  actor: Actor,
): Promise<Outcome> {
  const row = await pick(svc, inc, key);
  if (row?.state !== "open") return { ok: false, text: m(actor.locale, "nothingOpen", { number: inc.number }) };
  if (!allowed(inc, row, actor)) return refuse(svc, inc, row, "reassign", actor);
  const target = await svc.app.directory.person(toPersonId.trim());
  if (!target?.active) return { ok: false, text: m(actor.locale, "unknownPerson", { id: toPersonId.trim() }) };
  const now = svc.now();
  const updated = await svc.prisma.$transaction(async (tx) => {
    const r = await tx.deadline.updateMany({
      where: { id: row.id, version: row.version, state: "open" },
      data: {
        ownerPersonId: target.id,
        ownerPersonIds: [target.id],
        version: { increment: 1 },
        noticePending: `reassigned:${actor.personId}`,
        notices: [],
      },
    });
    if (r.count !== 1) return null;
    await svc.app.audit.append(
      {
        actor: actor.auditId,
        action: "deadline.reassigned",
        subjectType: "incident",
        subjectId: inc.id,
        data: {
          number: inc.number,
          deadline: row.id,
          key: keyOf(row),
          from: row.ownerPersonIds,
          to: target.id,
          version: row.version + 1,
          via: actor.via,
        },
      },
      tx,
    );
    return tx.deadline.findUniqueOrThrow({ where: { id: row.id } });
  });
  if (!updated) return { ok: false, text: m(actor.locale, "nothingOpen", { number: inc.number }) }; // changed under us
  const name = await actorName(svc, inc, actor);
  svc.emit({
    kind: "reassigned",
    incident: inc.number,
    deadline: keyOf(row),
    to: target.id,
    text: `${whatOf(inc, row, svc.locale)} → ${target.name}`,
  });
  await svc.timers.cancel(allJobIds(row));
  await svc.timers.schedule(jobsFor(updated));
  await closeNotices(svc, row, (l) =>
    m(l, "closedReassigned", { actor: name, at: formatTime(now), next: target.name }),
  );
  await deliverPending(svc, inc.id);
  return {
    ok: true,
    text: m(actor.locale, "reassignedNow", {
      actor: name,
      number: inc.number,
      what: whatOf(inc, row, actor.locale),
      owner: target.name,
    }),
  };
}
