import type { AppContext } from "../app/context.js";
import type { TurnContext } from "../bot/registry.js";
import type { MessageRef } from "../chat/types.js";
import { actionLabel, type Category, categoryLabel } from "../moderation/index.js";
import { messageCode, parseMessageCode } from "./message-code.js";
import { t } from "./messages.js";
import { canReview, responsibleOfficers } from "./officers.js";
import { restoreMessage, tellAppellant } from "./restore.js";

// Serialises appeal numbering across processes (AP-<year>-<seq>).
const numberLock = 72_707_371;

/**
 * Appeals: a member contests a verdict from chat; the appeal goes to the reviewers of the group's unit
 * with restore / confirm buttons. "Restore" shows the message again (or reposts the stored copy where
 * the platform deleted it), clears the strike and lifts a mute; every step is audited, so the team can
 * refine the lexicons from real mistakes.
 */
export class Appeals {
  constructor(private readonly app: AppContext) {}

  /** Files an appeal by message code (from /appeal) or stored id (from the notice's button). */
  async file(ctx: TurnContext, ref: { code?: string; storedId?: string }, reason: string): Promise<void> {
    const prisma = this.app.db.prisma;
    const code = ref.code !== undefined ? parseMessageCode(ref.code) : null;
    if (ref.storedId === undefined && !code) {
      await ctx.replyPrivately({ text: t(ctx.locale, "appealUsage") });
      return;
    }
    const msg = await prisma.storedMessage.findFirst({
      where: {
        ...(ref.storedId ? { id: ref.storedId } : { id: { startsWith: code! } }),
        actionTaken: { notIn: ["none"] },
        NOT: { actionTaken: null },
      },
      orderBy: { version: "desc" },
    });
    if (!msg) {
      await ctx.replyPrivately({
        text: t(ctx.locale, "appealUnknown", { code: ref.code ?? messageCode(ref.storedId ?? "") }),
      });
      return;
    }
    const own =
      (msg.platform === ctx.user.platform && msg.senderExternalId === ctx.user.id) ||
      (ctx.person !== null && msg.senderPersonId === ctx.person.id);
    if (!own) {
      await ctx.replyPrivately({ text: t(ctx.locale, "appealNotYours") });
      return;
    }
    if (!reason.trim()) {
      await ctx.replyPrivately({ text: t(ctx.locale, "appealUsage") });
      return;
    }
    const open = await prisma.moderationAppeal.findFirst({ where: { messageId: msg.id, state: "open" } });
    if (open) {
      await ctx.replyPrivately({ text: t(ctx.locale, "appealDuplicate", { number: open.number }) });
      return;
    }
    const now = this.app.clock.now();
    const appeal = await prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${numberLock})::text AS locked`);
      const year = now.getUTCFullYear();
      const count = await tx.moderationAppeal.count({ where: { number: { startsWith: `AP-${year}-` } } });
      const created = await tx.moderationAppeal.create({
        data: {
          number: `AP-${year}-${String(count + 1).padStart(4, "0")}`,
          messageId: msg.id,
          platform: ctx.user.platform,
          byExternalId: ctx.user.id,
          byPersonId: ctx.person?.id ?? null,
          reason: reason.trim(),
          createdAt: now,
        },
      });
      await this.app.audit.append(
        {
          actor: ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`,
          action: "moderation.appeal.filed",
          subjectType: "message",
          subjectId: msg.id,
          data: { appeal: created.number, reason: created.reason },
        },
        tx,
      );
      return created;
    });
    await ctx.replyPrivately({ text: t(ctx.locale, "appealFiled", { number: appeal.number }) });

    const reviewers = msg.groupId ? await this.reviewersOf(msg.groupId) : [];
    const categories = ((msg.verdict as { categories?: Category[] } | null)?.categories ?? []) as Category[];
    for (const r of reviewers) {
      const locale = r.locale ?? this.app.config.locale;
      await this.app.chat.notifyPerson(r.id, {
        text: t(locale, "appealReview", {
          number: appeal.number,
          sender: msg.senderName ?? msg.senderExternalId,
          code: messageCode(msg.id),
          categories: categories.map((c) => categoryLabel(locale, c)).join("、"),
          action: actionLabel(locale, (msg.actionTaken ?? "none") as never),
          reason: appeal.reason,
          text: msg.text.slice(0, 500),
        }),
        buttons: [
          [
            {
              actionId: "moderation.restore",
              label: t(locale, "restoreButton"),
              value: { appeal: appeal.id },
              style: "primary",
            },
            { actionId: "moderation.confirm", label: t(locale, "confirmButton"), value: { appeal: appeal.id } },
          ],
        ],
      });
    }
  }

  private async reviewersOf(groupId: string) {
    const group = await this.app.directory.group(groupId);
    return group ? responsibleOfficers(this.app.directory, group.unitId) : [];
  }

  /** A reviewer restores the message or confirms the action. Only reviewers of the group's unit may. */
  async decide(
    ctx: TurnContext,
    appealId: string,
    decision: "restore" | "confirm",
    pressed?: MessageRef,
  ): Promise<void> {
    const prisma = this.app.db.prisma;
    const appeal = await prisma.moderationAppeal.findUnique({ where: { id: appealId } });
    if (!appeal) return;
    const msg = await prisma.storedMessage.findUniqueOrThrow({ where: { id: appeal.messageId } });
    const group = msg.groupId ? await this.app.directory.group(msg.groupId) : null;
    const actor = ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`;
    if (!(await canReview(this.app.directory, ctx.person, group?.unitId ?? null))) {
      await this.app.audit.append({
        actor,
        action: "moderation.appeal.refused",
        subjectType: "appeal",
        subjectId: appeal.number,
        data: { decision },
      });
      await ctx.replyPrivately({ text: t(ctx.locale, "appealNotReviewer") });
      return;
    }
    if (appeal.state !== "open") {
      await ctx.replyPrivately({ text: t(ctx.locale, "appealClosed", { number: appeal.number, state: appeal.state }) });
      return;
    }
    const now = this.app.clock.now();
    const won = await prisma.moderationAppeal.updateMany({
      where: { id: appeal.id, state: "open" },
      data: { state: decision === "restore" ? "restored" : "confirmed", reviewerId: actor, decidedAt: now },
    });
    if (won.count === 0) return; // another reviewer decided at the same moment
    const reviewer = ctx.person?.name ?? ctx.user.id;
    if (decision === "restore") await restoreMessage(this.app, msg, "appeal", now);
    await this.app.audit.append({
      actor,
      action: decision === "restore" ? "moderation.appeal.restored" : "moderation.appeal.confirmed",
      subjectType: "message",
      subjectId: msg.id,
      data: { appeal: appeal.number, categories: (msg.verdict as { categories?: string[] } | null)?.categories ?? [] },
    });
    const key = decision === "restore" ? "appealRestored" : "appealConfirmed";
    if (pressed && ctx.adapter.capabilities.editMessages) {
      await ctx.adapter
        .edit(pressed, { text: t(ctx.locale, key, { number: appeal.number, reviewer }) })
        .catch(() => {});
    } else {
      await ctx.replyPrivately({ text: t(ctx.locale, key, { number: appeal.number, reviewer }) });
    }
    await tellAppellant(this.app, appeal, key, reviewer);
  }
}
