import type { ActionContext, CommandContext, TurnContext } from "../bot/registry.js";
import type { FormSpec } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import { type Actor, acknowledge, completeDuty, escalateNow, type Outcome, reassign } from "./deadline-actions.js";
import { severityName } from "./format.js";
import { findIncident, type IncidentView } from "./incident-view.js";
import { m } from "./messages.js";
import { openIncident } from "./open-incident.js";
import { findCategory, parseSeverity } from "./policy/resolve.js";
import { severities } from "./policy/schema.js";
import type { IncidentService } from "./service.js";
import { statusText } from "./status.js";

export const reportFormId = "incident.report";

function actorOf(ctx: TurnContext, via: string): Actor {
  return {
    personId: ctx.person?.id ?? null,
    auditId: ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`,
    locale: ctx.locale,
    via,
  };
}

function both(key: Parameters<typeof m>[1]): Record<Locale, string> {
  return { "zh-CN": m("zh-CN", key), en: m("en", key) };
}

function usage(svc: IncidentService, locale: Locale): string {
  const categories = Object.entries(svc.policy.categories)
    .map(([id, c]) => `${id}/${c[locale === "en" ? "en" : "zh-CN"]}`)
    .join("、");
  return m(locale, "reportUsage", { categories });
}

/** The StoredMessage a command replied to, when the platform said so. */
async function repliedMessageId(svc: IncidentService, ctx: CommandContext): Promise<string | undefined> {
  const r = ctx.command.replyTo;
  if (!r) return undefined;
  const row = await svc.prisma.storedMessage.findFirst({
    where: { platform: r.platform, channelExternalId: r.channelId, messageExternalId: r.messageId },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  return row?.id;
}

async function report(
  svc: IncidentService,
  ctx: TurnContext,
  input: {
    category: string;
    severity: string;
    description: string;
    affectedSystem?: string;
    unitId?: string;
    groupId?: string;
    repliedMessageId?: string;
    via: string;
  },
): Promise<void> {
  const { locale } = ctx;
  const category = findCategory(svc.policy, input.category);
  if (!category)
    return ctx.replyPrivately({
      text: `${m(locale, "unknownCategory", { word: input.category })}\n${usage(svc, locale)}`,
    });
  const severity = parseSeverity(input.severity);
  if (!severity)
    return ctx.replyPrivately({
      text: `${m(locale, "unknownSeverity", { word: input.severity })}\n${usage(svc, locale)}`,
    });
  if (!input.description.trim())
    return ctx.replyPrivately({ text: `${m(locale, "needDescription")}\n${usage(svc, locale)}` });
  const unitId = input.unitId?.trim() || ctx.group?.unitId;
  if (!unitId) return ctx.replyPrivately({ text: m(locale, "needUnit") });
  if (!(await svc.app.directory.unit(unitId)))
    return ctx.replyPrivately({ text: m(locale, "unknownUnit", { unit: unitId }) });
  const opened = await openIncident(svc.app, {
    category,
    severity,
    unitId,
    description: input.description,
    ...(input.affectedSystem ? { affectedSystem: input.affectedSystem } : {}),
    reporter: ctx.person ? { personId: ctx.person.id } : { external: `${ctx.user.platform}:${ctx.user.id}` },
    ...(input.groupId ? { sourceGroupId: input.groupId } : {}),
    ...(input.repliedMessageId ? { repliedMessageId: input.repliedMessageId } : {}),
    via: input.via,
  });
  const inc = (await findIncident(svc, opened.number))!;
  const chain =
    inc.chain.levels.map((l) => l.personIds.map((p) => inc.chain.names[p] ?? p).join("、")).join(" → ") ||
    m(locale, "nobody");
  const lines = [
    m(locale, "reported", {
      number: opened.number,
      category: svc.policy.categories[category]![locale],
      severity: severityName(severity, locale),
      evidence: opened.evidence,
      chain,
    }),
  ];
  if (!ctx.person) lines.push(m(locale, "reporterUnknown"));
  await ctx.replyPrivately({ text: lines.join("\n") });
}

function reportForm(svc: IncidentService, locale: Locale, ctx: CommandContext): FormSpec {
  return {
    formId: reportFormId,
    title: m(locale, "formTitle"),
    submitLabel: m(locale, "formSubmit"),
    fields: [
      {
        id: "category",
        label: m(locale, "fieldCategory"),
        kind: "select",
        required: true,
        options: Object.entries(svc.policy.categories).map(([id, c]) => ({ value: id, label: c[locale] })),
      },
      {
        id: "severity",
        label: m(locale, "fieldSeverity"),
        kind: "select",
        required: true,
        initial: "general",
        options: severities.map((s) => ({ value: s, label: severityName(s, locale) })),
      },
      { id: "description", label: m(locale, "fieldDescription"), kind: "textarea", required: true },
      { id: "affected_system", label: m(locale, "fieldSystem"), kind: "text" },
      { id: "unit", label: m(locale, "fieldUnit"), kind: "text", ...(ctx.group ? { initial: ctx.group.unitId } : {}) },
    ],
    context: { ...(ctx.group ? { groupId: ctx.group.id } : {}) },
  };
}

async function withIncident(
  svc: IncidentService,
  ctx: TurnContext,
  number: string | undefined,
  usageKey: Parameters<typeof m>[1],
  fn: (inc: IncidentView) => Promise<void>,
): Promise<void> {
  if (!number) return ctx.replyPrivately({ text: m(ctx.locale, usageKey) });
  const inc = await findIncident(svc, number);
  if (!inc)
    return ctx.replyPrivately({ text: `${m(ctx.locale, "noSuchIncident", { number })}\n${m(ctx.locale, usageKey)}` });
  await fn(inc);
}

/** Success is said where the person acted (the group sees who acted and when); refusals privately. */
async function tell(ctx: TurnContext, o: Outcome): Promise<void> {
  if (o.ok) await ctx.reply({ text: o.text });
  else await ctx.replyPrivately({ text: o.text });
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);

/** Registers /report (+ form), /ack, /done, /escalate, /reassign, /incident and the incident.* buttons. */
export function registerIncidentCommands(svc: IncidentService): void {
  const bot = svc.app.bot;
  bot.command({
    name: "report",
    description: both("reportDesc"),
    usage: { "zh-CN": usage(svc, "zh-CN"), en: usage(svc, "en") },
    async handle(ctx) {
      if (!ctx.command.args) return ctx.adapter.openForm(ctx.command, reportForm(svc, ctx.locale, ctx));
      const mm = /^(\S+)\s+(\S+)(?:\s+([\s\S]+))?$/.exec(ctx.command.args);
      if (!mm) return ctx.replyPrivately({ text: usage(svc, ctx.locale) });
      const replied = await repliedMessageId(svc, ctx);
      await report(svc, ctx, {
        category: mm[1]!,
        severity: mm[2]!,
        description: mm[3] ?? "",
        ...(ctx.group ? { groupId: ctx.group.id } : {}),
        ...(replied ? { repliedMessageId: replied } : {}),
        via: "command",
      });
    },
  });
  bot.form({
    formId: reportFormId,
    async handle(ctx) {
      const v = ctx.submission.values;
      await report(svc, ctx, {
        category: v.category ?? "",
        severity: v.severity ?? "",
        description: v.description ?? "",
        ...(v.affected_system ? { affectedSystem: v.affected_system } : {}),
        ...(v.unit ? { unitId: v.unit } : {}),
        ...(ctx.submission.context.groupId
          ? { groupId: ctx.submission.context.groupId }
          : ctx.group
            ? { groupId: ctx.group.id }
            : {}),
        via: "form",
      });
    },
  });
  bot.command({
    name: "ack",
    description: both("ackDesc"),
    usage: both("ackUsage"),
    async handle(ctx) {
      const [number] = words(ctx.command.args);
      await withIncident(svc, ctx, number, "ackUsage", async (inc) =>
        tell(ctx, await acknowledge(svc, inc, actorOf(ctx, "command"))),
      );
    },
  });
  bot.command({
    name: "done",
    description: both("doneDesc"),
    usage: both("doneUsage"),
    async handle(ctx) {
      const mm = /^(\S+)\s+(\S+)(?:\s+([\s\S]+))?$/.exec(ctx.command.args);
      if (!mm) return ctx.replyPrivately({ text: m(ctx.locale, "doneUsage") });
      await withIncident(svc, ctx, mm[1], "doneUsage", async (inc) =>
        tell(ctx, await completeDuty(svc, inc, mm[2]!, mm[3] ?? "", actorOf(ctx, "command"))),
      );
    },
  });
  bot.command({
    name: "escalate",
    description: both("escalateDesc"),
    usage: both("escalateUsage"),
    async handle(ctx) {
      const [number, key] = words(ctx.command.args);
      await withIncident(svc, ctx, number, "escalateUsage", async (inc) =>
        tell(ctx, await escalateNow(svc, inc, key, actorOf(ctx, "command"))),
      );
    },
  });
  bot.command({
    name: "reassign",
    description: both("reassignDesc"),
    usage: both("reassignUsage"),
    async handle(ctx) {
      const [number, key, to] = words(ctx.command.args);
      if (!to) return ctx.replyPrivately({ text: m(ctx.locale, "reassignUsage") });
      await withIncident(svc, ctx, number, "reassignUsage", async (inc) =>
        tell(ctx, await reassign(svc, inc, key, to, actorOf(ctx, "command"))),
      );
    },
  });
  bot.command({
    name: "incident",
    description: both("incidentDesc"),
    usage: both("incidentUsage"),
    async handle(ctx) {
      const [number] = words(ctx.command.args);
      await withIncident(svc, ctx, number, "incidentUsage", async (inc) =>
        ctx.replyPrivately({ text: await statusText(svc, inc, ctx.locale) }),
      );
    },
  });
  bot.action({
    actionId: "incident.",
    async handle(ctx: ActionContext) {
      const { actionId, value, input } = ctx.action;
      const actor = actorOf(ctx, "button");
      await withIncident(svc, ctx, value.incident, "incidentUsage", async (inc) => {
        const key = value.deadline;
        switch (actionId) {
          case "incident.ack":
            return tell(ctx, await acknowledge(svc, inc, actor));
          case "incident.done":
            return tell(ctx, await completeDuty(svc, inc, key ?? "", input ?? "", actor));
          case "incident.escalate":
            return tell(ctx, await escalateNow(svc, inc, key, actor));
          case "incident.reassign":
            if (!input?.trim()) return ctx.replyPrivately({ text: m(ctx.locale, "reassignUsage") });
            return tell(ctx, await reassign(svc, inc, key, input, actor));
          default:
            return ctx.replyPrivately({ text: m(ctx.locale, "incidentUsage") });
        }
      });
    },
  });
}
