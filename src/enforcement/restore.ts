import type { AppContext } from "../app/context.js";
import { t } from "./messages.js";

/** The stored message fields a restore needs. */
export interface RestorableMessage {
  id: string;
  platform: string;
  channelExternalId: string;
  messageExternalId: string;
  senderExternalId: string;
  senderName: string | null;
  text: string;
  hidden: boolean;
}

/**
 * Undoes moderation of a message after a review or appeal: shows it again where the platform only hid
 * it (else reposts the stored copy on the author's behalf), lifts a mute it caused, and clears its
 * strike so the ladder no longer counts it. `clearedBy` says which decision did it.
 */
export async function restoreMessage(
  app: AppContext,
  msg: RestorableMessage,
  clearedBy: string,
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
    data: { clearedAt: now, clearedBy },
  });
  await prisma.storedMessage.updateMany({ where: { id: msg.id }, data: { hidden: false, actionTaken: "restored" } });
}

/** Tells an appellant the decision, on the platform they appealed from, in their language. */
export async function tellAppellant(
  app: AppContext,
  appeal: { number: string; platform: string; byExternalId: string; byPersonId: string | null },
  key: "appealRestored" | "appealConfirmed",
  reviewer: string,
): Promise<void> {
  const locale = appeal.byPersonId
    ? ((await app.directory.person(appeal.byPersonId))?.locale ?? app.config.locale)
    : app.config.locale;
  await app.chat
    .get(appeal.platform)
    ?.directMessage(
      { platform: appeal.platform, id: appeal.byExternalId },
      { text: t(locale, key, { number: appeal.number, reviewer }) },
    )
    .catch(() => null);
}
