import type { AppContext } from "../app/context.js";
import type { PersonInfo } from "../org/directory.js";
import { t } from "./messages.js";
import { canReview } from "./officers.js";

/** What a reviewer decides about a message moderation acted on. */
export type ReviewDecision = "restore" | "confirm";

/** The result of a review: `refused` (not a reviewer of the group's unit; audited), `done` or `already` decided. */
export type ReviewOutcome =
  | { kind: "done"; decision: ReviewDecision; appeal: string | null }
  | { kind: "refused" }
  | { kind: "already" }
  | { kind: "missing" };

/**
 * A reviewer outside chat (the dashboard) restores or confirms a flagged message, with the rules of an
 * appeal decided in chat: only security staff and leaders of the group's unit or above may; "restore"
 * shows the message again (or reposts the stored copy where the platform deleted it), lifts a mute,
 * clears the strike; an open appeal on the message is decided with it and its author told; all audited.
 */
export async function reviewMessage(
  app: AppContext,
  reviewer: PersonInfo,
  messageId: string,
  decision: ReviewDecision,
  via = "dashboard",
): Promise<ReviewOutcome> {
  const prisma = app.db.prisma;
  const msg = await prisma.storedMessage.findUnique({ where: { id: messageId } });
  if (!msg?.actionTaken || msg.actionTaken === "none") return { kind: "missing" };
  const group = msg.groupId ? await app.directory.group(msg.groupId) : null;
  if (!(await canReview(app.directory, reviewer, group?.unitId ?? null))) {
    await app.audit.append({
      actor: reviewer.id,
      action: "moderation.review.refused",
      subjectType: "message",
      subjectId: msg.id,
      data: { decision, via },
    });
    return { kind: "refused" };
  }
  const now = app.clock.now();
  const appeal = await prisma.moderationAppeal.findFirst({ where: { messageId: msg.id, state: "open" } });
  if (appeal) {
    const won = await prisma.moderationAppeal.updateMany({
      where: { id: appeal.id, state: "open" },
      data: { state: decision === "restore" ? "restored" : "confirmed", reviewerId: reviewer.id, decidedAt: now },
    });
    if (won.count === 0) return { kind: "already" }; // another reviewer decided at the same moment
  } else if (msg.actionTaken === "restored" || (await reviewedBefore(app, msg.id))) {
    return { kind: "already" };
  }
  if (decision === "restore") await restore(app, msg, reviewer.id, now);
  await app.audit.append({
    actor: reviewer.id,
    action: appeal
      ? `moderation.appeal.${decision === "restore" ? "restored" : "confirmed"}`
      : `moderation.review.${decision === "restore" ? "restored" : "confirmed"}`,
    subjectType: "message",
    subjectId: msg.id,
    data: {
      appeal: appeal?.number ?? null,
      categories: (msg.verdict as { categories?: string[] } | null)?.categories ?? [],
      via,
    },
  });
  if (appeal) {
    const key = decision === "restore" ? "appealRestored" : "appealConfirmed";
    const locale = appeal.byPersonId
      ? ((await app.directory.person(appeal.byPersonId))?.locale ?? app.config.locale)
      : app.config.locale;
    await app.chat
      .get(appeal.platform)
      ?.directMessage(
        { platform: appeal.platform, id: appeal.byExternalId },
        { text: t(locale, key, { number: appeal.number, reviewer: reviewer.name }) },
      )
      .catch(() => null);
  }
  return { kind: "done", decision, appeal: appeal?.number ?? null };
}

/** Whether a reviewer already decided this message without an appeal. */
async function reviewedBefore(app: AppContext, messageId: string): Promise<boolean> {
  const n = await app.db.prisma.auditEntry.count({
    where: {
      subjectType: "message",
      subjectId: messageId,
      action: { in: ["moderation.review.restored", "moderation.review.confirmed"] },
    },
  });
  return n > 0;
}

async function restore(
  app: AppContext,
  msg: {
    id: string;
    platform: string;
    channelExternalId: string;
    messageExternalId: string;
    senderExternalId: string;
    senderName: string | null;
    text: string;
    hidden: boolean;
  },
  reviewerId: string,
  now: Date,
): Promise<void> {
  const prisma = app.db.prisma;
  const adapter = app.chat.get(msg.platform);
  const ref = { platform: msg.platform, channelId: msg.channelExternalId, messageId: msg.messageExternalId };
  const group = { platform: msg.platform, id: msg.channelExternalId, kind: "group" as const };
  if (adapter) {
    const shown = adapter.unhide ? await adapter.unhide(ref).catch(() => false) : false;
    if (!shown && msg.hidden) {
      await adapter.post(group, {
        text: t(app.config.locale, "restoredRepost", {
          sender: msg.senderName ?? msg.senderExternalId,
          text: msg.text,
        }),
      });
    }
    const struck = await prisma.moderationStrike.findFirst({ where: { messageId: msg.id, clearedAt: null } });
    if (struck?.action === "mute" && adapter.capabilities.restrictMembers) {
      await adapter.unrestrict(group, { platform: msg.platform, id: msg.senderExternalId }).catch(() => {});
    }
  }
  await prisma.moderationStrike.updateMany({
    where: { messageId: msg.id, clearedAt: null },
    data: { clearedAt: now, clearedBy: `review:${reviewerId}` },
  });
  await prisma.storedMessage.updateMany({ where: { id: msg.id }, data: { hidden: false, actionTaken: "restored" } });
}
