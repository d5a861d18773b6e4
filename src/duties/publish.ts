import type { ActionContext, CommandContext } from "../bot/registry.js";
import type { MessageRef } from "../chat/types.js";
import { sha256 } from "../core/canonical-json.js";
import { t } from "./messages.js";
import type { DutiesService } from "./service.js";
import { formatLocal } from "./time.js";

/**
 * 先审后发 (篇三 六, 篇九 三): `/publish <group> <text>` goes to the head of the unit that runs the group;
 * approved text is posted by the bot and archived with the decision; rejected text returns with the
 * reason. In a group marked reviewedPostsOnly, anything else posted is hidden (the evidence is kept).
 */
export function registerPublishing(svc: DutiesService): void {
  const { bot } = svc.app;
  bot.command({
    name: "publish",
    aliases: ["发布"],
    description: {
      "zh-CN": "提交内容，经单位负责人审核后由机器人发布到群组",
      en: "submit text for the unit head's approval; the bot posts it once approved",
    },
    usage: { "zh-CN": t("zh-CN", "publishUsage"), en: t("en", "publishUsage") },
    handle: (ctx) => requestPublication(svc, ctx),
  });
  bot.action({ actionId: "duty.publish.", handle: (ctx) => decidePublication(svc, ctx) });
  bot.stage({
    name: "duties.reviewed-only",
    // After store (10) and moderation (50): the message is already evidence, and moderation has had its say.
    order: 60,
    async handle(ctx) {
      const group = ctx.group;
      if (!group?.reviewedPostsOnly || ctx.message.channel.kind !== "group") return;
      ctx.stopped = true;
      if (ctx.adapter.capabilities.deleteMessages) await ctx.adapter.hide(ctx.message.ref);
      if (ctx.storedId) {
        await svc.prisma.storedMessage.update({ where: { id: ctx.storedId }, data: { hidden: true } });
      }
      await svc.app.audit.append({
        actor: ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`,
        action: "publication.unreviewed_hidden",
        subjectType: "message",
        subjectId: ctx.storedId ?? ctx.message.ref.messageId,
        data: { groupId: group.id },
      });
      await ctx.replyPrivately({
        text: t(ctx.locale, "reviewedOnlyHidden", { group: group.name ?? group.id, groupId: group.id }),
      });
    },
  });
}

async function requestPublication(svc: DutiesService, ctx: CommandContext): Promise<void> {
  const m = /^(\S+)\s+([\s\S]+)$/.exec(ctx.command.args.trim());
  if (!ctx.person || !m) return ctx.replyPrivately({ text: t(ctx.locale, "publishUsage") });
  const group = await svc.app.directory.group(m[1]!);
  if (!group) return ctx.replyPrivately({ text: t(ctx.locale, "publishUnknownGroup", { group: m[1]! }) });
  const text = m[2]!.trim();
  const approvers = await svc.nearestHolders(group.unitId, "unit_head");
  if (!approvers.length)
    return ctx.replyPrivately({ text: t(ctx.locale, "publishNoApprover", { unit: await svc.unitName(group.unitId) }) });
  const pub = await svc.prisma.$transaction(async (tx) => {
    const row = await tx.publication.create({
      data: {
        groupId: group.id,
        unitId: group.unitId,
        authorPersonId: ctx.person!.id,
        text,
        approverPersonIds: approvers.map((a) => a.id),
        createdAt: svc.now(),
      },
    });
    await svc.app.audit.append(
      {
        actor: ctx.person!.id,
        action: "publication.requested",
        subjectType: "publication",
        subjectId: row.id,
        data: { groupId: group.id, textHash: sha256(text) },
      },
      tx,
    );
    return row;
  });
  const groupName = group.name ?? group.id;
  for (const a of approvers) {
    const locale = a.locale ?? svc.app.config.locale;
    const value = { publication: pub.id };
    await svc.app.chat.notifyPerson(a.id, {
      text: t(locale, "publishAsk", { author: ctx.person.name, group: groupName, text }),
      buttons: [
        [
          { actionId: "duty.publish.approve", label: t(locale, "btnApprove"), value, style: "primary" },
          {
            actionId: "duty.publish.reject",
            label: t(locale, "btnReject"),
            value,
            style: "danger",
            input: { label: t(locale, "inputReason") },
          },
        ],
      ],
    });
  }
  await ctx.replyPrivately({
    text: t(ctx.locale, "publishSent", { approver: approvers.map((a) => a.name).join("、"), group: groupName }),
  });
}

async function decidePublication(svc: DutiesService, ctx: ActionContext): Promise<void> {
  const pub = await svc.prisma.publication.findUnique({ where: { id: ctx.action.value.publication ?? "" } });
  if (!pub) return ctx.replyPrivately({ text: t(ctx.locale, "publishAlreadyDecided") });
  const group = await svc.app.directory.group(pub.groupId);
  const groupName = group?.name ?? pub.groupId;
  if (!ctx.person || !pub.approverPersonIds.includes(ctx.person.id))
    return ctx.replyPrivately({ text: t(ctx.locale, "publishNotApprover", { group: groupName }) });
  const approve = ctx.action.actionId === "duty.publish.approve";
  const reason = ctx.action.input?.trim() || "-";
  const now = svc.now();
  const state = approve ? "approved" : "rejected";
  // Claim the decision first, so two approvers pressing at once publish once.
  const { count } = await svc.prisma.publication.updateMany({
    where: { id: pub.id, state: "pending" },
    data: { state, decidedBy: ctx.person.id, decidedAt: now, reason: approve ? null : reason },
  });
  if (!count) return ctx.replyPrivately({ text: t(ctx.locale, "publishAlreadyDecided") });
  let posted: MessageRef[] = [];
  if (approve) {
    posted = await svc.app.chat.postToGroup(pub.groupId, { text: pub.text });
    await svc.prisma.publication.update({ where: { id: pub.id }, data: { posted: posted as unknown as object[] } });
  }
  await svc.app.audit.append({
    actor: ctx.person.id,
    action: `publication.${state}`,
    subjectType: "publication",
    subjectId: pub.id,
    data: {
      groupId: pub.groupId,
      author: pub.authorPersonId,
      textHash: sha256(pub.text),
      reason: approve ? null : reason,
      posted: posted.length,
    },
  });
  const who = ctx.person.name;
  const authorLocale = await svc.localeOf(pub.authorPersonId);
  await svc.app.chat.notifyPerson(pub.authorPersonId, {
    text: approve
      ? t(authorLocale, "publishApproved", { group: groupName, who })
      : t(authorLocale, "publishRejected", { group: groupName, who, reason, text: pub.text }),
  });
  const at = formatLocal(now, svc.tz);
  const note = approve
    ? t(ctx.locale, "publishDecidedApproved", { who, at, text: pub.text })
    : t(ctx.locale, "publishDecidedRejected", { who, at, reason });
  if (ctx.action.message) await svc.app.chat.edit(ctx.action.message, { text: note });
}
