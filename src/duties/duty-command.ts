import type { ActionContext, CommandContext } from "../bot/registry.js";
import { t } from "./messages.js";
import { onDutyAt, rotationPerson, shiftAt } from "./roster.js";
import type { DutiesService } from "./service.js";
import { closeTask } from "./tasks.js";
import { formatLocal, zonedInstant } from "./time.js";

/** `/duty` (who is on duty now) and `/duty swap <person> <date>`, plus the swap and check buttons. */
export function registerDutyCommands(svc: DutiesService): void {
  const { bot } = svc.app;
  bot.command({
    name: "duty",
    aliases: ["值班"],
    description: {
      "zh-CN": "查看当前值班人员；/duty swap <人员> <日期> 申请换班",
      en: "who is on duty now; /duty swap <person> <date> to swap",
    },
    usage: { "zh-CN": t("zh-CN", "swapUsage"), en: t("en", "swapUsage") },
    handle: (ctx) => (ctx.command.args.startsWith("swap") ? requestSwap(svc, ctx) : showDuty(svc, ctx)),
  });
  bot.action({ actionId: "duty.swap.", handle: (ctx) => decideSwap(svc, ctx) });
  for (const outcome of ["done", "problem"] as const) {
    bot.action({
      actionId: `duty.${outcome}`,
      async handle(ctx) {
        if (!ctx.person) return ctx.replyPrivately({ text: t(ctx.locale, "notOwner") });
        const r = await closeTask(svc, ctx.action.value.task ?? "", ctx.person.id, outcome, ctx.action.input ?? "");
        if (r.ok) return ctx.replyPrivately({ text: r.text });
        return ctx.replyPrivately({ text: t(ctx.locale, r.reason === "not_owner" ? "notOwner" : "alreadyClosed") });
      },
    });
  }
}

async function showDuty(svc: DutiesService, ctx: CommandContext): Promise<void> {
  const now = svc.now();
  const units = ctx.group && svc.roster.units[ctx.group.unitId] ? [ctx.group.unitId] : Object.keys(svc.roster.units);
  if (!units.length) return ctx.reply({ text: t(ctx.locale, "dutyNone") });
  const lines: string[] = [];
  for (const unitId of units) {
    const shift = shiftAt(svc, unitId, now)!;
    lines.push(
      t(ctx.locale, "dutyNow", {
        unit: await svc.unitName(unitId),
        person: await svc.nameOf(await onDutyAt(svc, unitId, now)),
        from: formatLocal(shift.start, svc.tz),
        to: formatLocal(shift.end, svc.tz),
      }),
    );
  }
  await ctx.reply({ text: lines.join("\n") });
}

async function requestSwap(svc: DutiesService, ctx: CommandContext): Promise<void> {
  const [, who, date] = ctx.command.args.split(/\s+/);
  if (!ctx.person || !who || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    return ctx.replyPrivately({ text: t(ctx.locale, "swapUsage") });
  const other = await svc.app.directory.person(who);
  if (!other?.active) return ctx.replyPrivately({ text: t(ctx.locale, "swapUnknownPerson", { person: who }) });
  // The requester must be the rotation's person on that date (noon local time falls inside the day's shift).
  const noon = zonedInstant(date, "12:00", svc.tz);
  const mine = Object.keys(svc.roster.units).filter((u) => rotationPerson(svc, u, noon) === ctx.person!.id);
  const unitId = ctx.group && mine.includes(ctx.group.unitId) ? ctx.group.unitId : mine[0];
  if (!unitId) return ctx.replyPrivately({ text: t(ctx.locale, "swapNotOnDuty", { date }) });
  const swap = await svc.prisma.$transaction(async (tx) => {
    const row = await tx.dutySwap.create({
      data: { unitId, date, fromPersonId: ctx.person!.id, toPersonId: other.id, requestedAt: svc.now() },
    });
    await svc.app.audit.append(
      {
        actor: ctx.person!.id,
        action: "duty.swap.requested",
        subjectType: "duty_swap",
        subjectId: row.id,
        data: { unitId, date, to: other.id },
      },
      tx,
    );
    return row;
  });
  const locale = other.locale ?? svc.app.config.locale;
  const value = { swap: swap.id };
  await svc.app.chat.notifyPerson(other.id, {
    text: t(locale, "swapAsk", { from: ctx.person.name, date, unit: await svc.unitName(unitId) }),
    buttons: [
      [
        { actionId: "duty.swap.accept", label: t(locale, "btnAccept"), value, style: "primary" },
        { actionId: "duty.swap.decline", label: t(locale, "btnDecline"), value },
      ],
    ],
  });
  await ctx.replyPrivately({ text: t(ctx.locale, "swapRequested", { to: other.name, date }) });
}

async function decideSwap(svc: DutiesService, ctx: ActionContext): Promise<void> {
  const swap = await svc.prisma.dutySwap.findUnique({ where: { id: ctx.action.value.swap ?? "" } });
  if (!swap || swap.toPersonId !== ctx.person?.id) return ctx.replyPrivately({ text: t(ctx.locale, "swapNotYours") });
  const accept = ctx.action.actionId === "duty.swap.accept";
  const state = accept ? "accepted" : "declined";
  const done = await svc.prisma.$transaction(async (tx) => {
    const { count } = await tx.dutySwap.updateMany({
      where: { id: swap.id, state: "pending" },
      data: { state, decidedAt: svc.now() },
    });
    if (count)
      await svc.app.audit.append(
        {
          actor: ctx.person!.id,
          action: `duty.swap.${state}`,
          subjectType: "duty_swap",
          subjectId: swap.id,
          data: { unitId: swap.unitId, date: swap.date, from: swap.fromPersonId },
        },
        tx,
      );
    return count > 0;
  });
  if (!done) return ctx.replyPrivately({ text: t(ctx.locale, "alreadyClosed") });
  const params = {
    to: await svc.nameOf(swap.toPersonId),
    from: await svc.nameOf(swap.fromPersonId),
    date: swap.date,
    unit: await svc.unitName(swap.unitId),
  };
  const fromLocale = await svc.localeOf(swap.fromPersonId);
  const key = accept ? "swapAccepted" : "swapDeclined";
  await svc.app.chat.notifyPerson(swap.fromPersonId, { text: t(fromLocale, key, params) });
  if (ctx.action.message) await svc.app.chat.edit(ctx.action.message, { text: t(ctx.locale, key, params) });
  else await ctx.replyPrivately({ text: t(ctx.locale, key, params) });
}
