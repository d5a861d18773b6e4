import type { AppContext } from "../app/context.js";
import type { CommandDef } from "../bot/registry.js";
import { defineMessages } from "../i18n/i18n.js";
import type { Verdict } from "../moderation/index.js";
import { actionLabel, categoryLabel } from "../moderation/index.js";
import { parseMessageCode } from "./message-code.js";
import { canReview } from "./officers.js";

const t = defineMessages({
  "zh-CN": {
    desc: "查看被处理消息的存证（审核人）",
    usage: "用法：/evidence <消息编号>",
    unknown: "未找到编号为 {code} 的消息。",
    denied: "只有本单位的网络安全人员和负责人可以查看存证。",
    body: "存证 {code}\n发送者：{sender}\n发送时间：{sentAt}\n群：{group}\n内容：{text}\n内容哈希：{hash}\n判定：{categories}\n处理：{action}\n命中：{spans}",
  },
  en: {
    desc: "Show the evidence kept for a moderated message (reviewers)",
    usage: "Usage: /evidence <message ref>",
    unknown: "No message with ref {code}.",
    denied: "Only the unit's security staff and leaders may see evidence.",
    body: "Evidence {code}\nSender: {sender}\nSent: {sentAt}\nGroup: {group}\nText: {text}\nContent hash: {hash}\nVerdict: {categories}\nAction: {action}\nHits: {spans}",
  },
});

/** /evidence <ref>: a reviewer reads the stored copy of a moderated message, with its hash and verdict. */
export function evidenceCommand(app: AppContext): CommandDef {
  return {
    name: "evidence",
    description: { "zh-CN": t("zh-CN", "desc"), en: t("en", "desc") },
    usage: { "zh-CN": t("zh-CN", "usage"), en: t("en", "usage") },
    async handle(ctx) {
      const code = parseMessageCode(ctx.command.args.split(/\s+/)[0] ?? "");
      if (!code) return ctx.replyPrivately({ text: t(ctx.locale, "usage") });
      const row = await app.db.prisma.storedMessage.findFirst({
        where: { id: { startsWith: code } },
        orderBy: { version: "desc" },
      });
      if (!row) return ctx.replyPrivately({ text: t(ctx.locale, "unknown", { code }) });
      const group = row.groupId ? await app.directory.group(row.groupId) : null;
      if (!(await canReview(app.directory, ctx.person, group?.unitId ?? null))) {
        await app.audit.append({
          actor: ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`,
          action: "evidence.refused",
          subjectType: "message",
          subjectId: row.id,
        });
        return ctx.replyPrivately({ text: t(ctx.locale, "denied") });
      }
      const v = row.verdict as Verdict | null;
      await app.audit.append({
        actor: ctx.person!.id,
        action: "evidence.viewed",
        subjectType: "message",
        subjectId: row.id,
      });
      await ctx.replyPrivately({
        text: t(ctx.locale, "body", {
          code,
          sender: `${row.senderName ?? row.senderExternalId} (${row.platform}:${row.senderExternalId})`,
          sentAt: row.sentAt.toISOString(),
          group: group?.name ?? row.channelExternalId,
          text: row.text,
          hash: row.contentHash,
          categories: v?.categories.map((c) => categoryLabel(ctx.locale, c)).join("、") || "—",
          action: row.actionTaken ? actionLabel(ctx.locale, row.actionTaken as never) : "—",
          spans: v?.spans.map((s) => `[${s.start},${s.end}) ${s.term}`).join("; ") || "—",
        }),
      });
    },
  };
}
