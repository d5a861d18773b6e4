import type { ChatMessage } from "../chat/types.js";
import { contentHash } from "../core/canonical-json.js";
import type { Clock } from "../core/clock.js";
import type { PrismaClient } from "../db/database.js";
import type { MessageStage } from "./registry.js";

/** The canonical content of a stored message, hashed so later tampering is visible. */
export function storedContent(m: ChatMessage, version: number) {
  return {
    platform: m.ref.platform,
    channel: m.ref.channelId,
    message: m.ref.messageId,
    version,
    sender: m.sender.id,
    text: m.text,
    attachments: m.attachments,
    sentAt: m.sentAt.toISOString(),
  };
}

/**
 * First stage: keep every group message as evidence before anything acts on it. Idempotent, so a
 * platform retry stores nothing twice; an edit is a new version, never an overwrite.
 */
export function storeStage(prisma: PrismaClient, clock: Clock): MessageStage {
  return {
    name: "store",
    order: 10,
    async handle(ctx) {
      const m = ctx.message;
      if (m.channel.kind !== "group") return;
      const key = { platform: m.ref.platform, channelExternalId: m.ref.channelId, messageExternalId: m.ref.messageId };
      let version = 0;
      if (m.edited) {
        const last = await prisma.storedMessage.findFirst({
          where: key,
          orderBy: { version: "desc" },
          select: { version: true, text: true },
        });
        if (last && last.text === m.text) {
          ctx.stopped = true; // the same edit delivered twice
          return;
        }
        version = last ? last.version + 1 : 0;
      }
      const data = {
        ...key,
        version,
        groupId: ctx.group?.id ?? null,
        senderExternalId: m.sender.id,
        senderPersonId: ctx.person?.id ?? null,
        senderName: m.sender.displayName ?? ctx.person?.name ?? null,
        text: ctx.redactedText ?? m.text,
        attachments: m.attachments as object[],
        sentAt: m.sentAt,
        receivedAt: clock.now(),
        contentHash: contentHash(storedContent(m, version)),
      };
      const existing = await prisma.storedMessage.findUnique({
        where: { platform_channelExternalId_messageExternalId_version: { ...key, version } },
        select: { id: true, moderationState: true },
      });
      if (existing) {
        ctx.storedId = existing.id;
        // Already handled once; only a message whose moderation is still pending goes on.
        if (existing.moderationState !== "pending") ctx.stopped = true;
        return;
      }
      try {
        const row = await prisma.storedMessage.create({ data, select: { id: true } });
        ctx.storedId = row.id;
      } catch (e) {
        // Another process stored the same delivery a moment ago: that copy is the evidence.
        if ((e as { code?: string }).code !== "P2002") throw e;
        const row = await prisma.storedMessage.findUniqueOrThrow({
          where: { platform_channelExternalId_messageExternalId_version: { ...key, version } },
          select: { id: true },
        });
        ctx.storedId = row.id;
        ctx.stopped = true;
      }
    },
  };
}
