import type { ActionContext, CommandContext, FormContext } from "../bot/registry.js";
import type { FormSpec } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { t } from "./messages.js";
import { onDutyAt, shiftAt, unitsOnDuty } from "./roster.js";
import type { DutiesService } from "./service.js";
import { closeTask } from "./tasks.js";
import { formatLocal } from "./time.js";

const formId = "duty.handover";

/** 交接班: `/handover` records the shift's state; the next person on duty confirms with a button. */
export function registerHandover(svc: DutiesService): void {
  const { bot } = svc.app;
  bot.command({
    name: "handover",
    aliases: ["交接班"],
    description: {
      "zh-CN": "记录交接班（网络状态、温湿度、遗留问题）",
      en: "record the shift handover (network, temperature, humidity, open issues)",
    },
    handle: (ctx) => openHandoverForm(svc, ctx),
  });
  bot.action({ actionId: "duty.handover.form", handle: (ctx) => openHandoverForm(svc, ctx) });
  bot.form({ formId, handle: (ctx) => recordHandover(svc, ctx) });
  bot.action({ actionId: "duty.handover.confirm", handle: (ctx) => confirmHandover(svc, ctx) });
}

/** The shift a person hands over: an outstanding handover duty of theirs, else the shift they are on now. */
async function shiftToHandOver(
  svc: DutiesService,
  personId: string,
): Promise<{ unitId: string; shiftEnd: Date } | null> {
  const task = await svc.prisma.dutyTask.findFirst({
    where: { kind: "handover", ownerPersonId: personId, state: { in: ["open", "missed"] } },
    orderBy: { scheduledAt: "desc" },
  });
  if (task) return { unitId: task.unitId, shiftEnd: task.scheduledAt };
  const now = svc.now();
  const [unitId] = await unitsOnDuty(svc, personId, now);
  return unitId ? { unitId, shiftEnd: shiftAt(svc, unitId, now)!.end } : null;
}

function handoverForm(locale: Locale, context: Record<string, string>): FormSpec {
  const field = (id: string, label: string, kind: "text" | "textarea" = "text") => ({
    id,
    label,
    kind,
    required: true,
  });
  return {
    formId,
    title: t(locale, "formTitle"),
    submitLabel: t(locale, "formSubmit"),
    fields: [
      field("network", t(locale, "fieldNetwork"), "textarea"),
      field("temperature", t(locale, "fieldTemperature")),
      field("humidity", t(locale, "fieldHumidity")),
      { ...field("issues", t(locale, "fieldIssues"), "textarea"), required: false },
    ],
    context,
  };
}

async function openHandoverForm(svc: DutiesService, ctx: CommandContext | ActionContext): Promise<void> {
  const shift = ctx.person ? await shiftToHandOver(svc, ctx.person.id) : null;
  if (!shift) return ctx.replyPrivately({ text: t(ctx.locale, "handoverNoUnit") });
  const origin = "command" in ctx ? ctx.command : ctx.action;
  await ctx.adapter.openForm(
    origin,
    handoverForm(ctx.locale, { unitId: shift.unitId, shiftEnd: shift.shiftEnd.toISOString() }),
  );
}

async function recordHandover(svc: DutiesService, ctx: FormContext): Promise<void> {
  if (!ctx.person) return ctx.replyPrivately({ text: t(ctx.locale, "handoverNoUnit") });
  const { unitId, shiftEnd: end } = ctx.submission.context;
  if (!unitId || !end) return ctx.replyPrivately({ text: t(ctx.locale, "handoverNoUnit") });
  const shiftEnd = new Date(end);
  const v = ctx.submission.values;
  const incoming = await onDutyAt(svc, unitId, shiftEnd);
  const now = svc.now();
  const handover = await svc.prisma.$transaction(async (tx) => {
    const row = await tx.dutyHandover.create({
      data: {
        unitId,
        shiftEnd,
        fromPersonId: ctx.person!.id,
        toPersonId: incoming,
        networkState: v.network?.trim() || "-",
        temperature: v.temperature?.trim() || "-",
        humidity: v.humidity?.trim() || "-",
        openIssues: v.issues?.trim() || "-",
        recordedAt: now,
      },
    });
    await svc.app.audit.append(
      {
        actor: ctx.person!.id,
        action: "duty.handover.recorded",
        subjectType: "duty_handover",
        subjectId: row.id,
        data: { unitId, shiftEnd: end, to: incoming },
      },
      tx,
    );
    return row;
  });
  // The handover duty (if it already fell due) is kept by this record.
  const task = await svc.prisma.dutyTask.findUnique({
    where: { dutyId_unitId_scheduledAt: { dutyId: "handover", unitId, scheduledAt: shiftEnd } },
  });
  if (task) await closeTask(svc, task.id, ctx.person.id, "done", `handover ${handover.id}`);
  if (incoming) {
    const locale = await svc.localeOf(incoming);
    await svc.app.chat.notifyPerson(incoming, {
      text: t(locale, "handoverConfirmAsk", {
        from: ctx.person.name,
        at: formatLocal(now, svc.tz),
        network: handover.networkState,
        temperature: handover.temperature,
        humidity: handover.humidity,
        issues: handover.openIssues,
      }),
      buttons: [
        [
          {
            actionId: "duty.handover.confirm",
            label: t(locale, "btnConfirm"),
            value: { handover: handover.id },
            style: "primary",
          },
        ],
      ],
    });
  }
  await ctx.replyPrivately({
    text: t(ctx.locale, "handoverRecorded", { at: formatLocal(now, svc.tz), to: await svc.nameOf(incoming) }),
  });
}

async function confirmHandover(svc: DutiesService, ctx: ActionContext): Promise<void> {
  const row = await svc.prisma.dutyHandover.findUnique({ where: { id: ctx.action.value.handover ?? "" } });
  if (!row || !ctx.person || row.toPersonId !== ctx.person.id)
    return ctx.replyPrivately({ text: t(ctx.locale, "notOwner") });
  const now = svc.now();
  const confirmed = await svc.prisma.$transaction(async (tx) => {
    const { count } = await tx.dutyHandover.updateMany({
      where: { id: row.id, confirmedAt: null },
      data: { confirmedAt: now, confirmedBy: ctx.person!.id },
    });
    if (count)
      await svc.app.audit.append(
        {
          actor: ctx.person!.id,
          action: "duty.handover.confirmed",
          subjectType: "duty_handover",
          subjectId: row.id,
          data: { unitId: row.unitId },
        },
        tx,
      );
    return count > 0;
  });
  if (!confirmed) return ctx.replyPrivately({ text: t(ctx.locale, "alreadyClosed") });
  const text = t(ctx.locale, "handoverConfirmed", { who: ctx.person.name, at: formatLocal(now, svc.tz) });
  if (ctx.action.message) await svc.app.chat.edit(ctx.action.message, { text });
  await svc.app.chat.notifyPerson(row.fromPersonId, {
    text: t(await svc.localeOf(row.fromPersonId), "handoverConfirmed", {
      who: ctx.person.name,
      at: formatLocal(now, svc.tz),
    }),
  });
}
