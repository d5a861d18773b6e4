import type { AppContext } from "../app/context.js";
import type { PersonInfo } from "../org/directory.js";
import { canReview } from "./officers.js";
import { restoreMessage, tellAppellant } from "./restore.js";

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
  if (decision === "restore") await restoreMessage(app, msg, `review:${reviewer.id}`, now);
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
    await tellAppellant(app, appeal, decision === "restore" ? "appealRestored" : "appealConfirmed", reviewer.name);
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
