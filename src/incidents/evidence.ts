import type { StoredMessage } from "../../generated/prisma/client.js";
import { contentHash } from "../core/canonical-json.js";
import type { Tx } from "./service.js";

/** Evidence as frozen into an incident. */
export interface EvidenceItem {
  kind: "message" | "replied_message" | "flagged_message" | "report";
  messageId?: string;
  content: Record<string, unknown>;
}

/** A stored chat message as evidence content; its own content hash is kept to tie the two together. */
export function messageEvidence(kind: EvidenceItem["kind"], s: StoredMessage): EvidenceItem {
  return {
    kind,
    messageId: s.id,
    content: {
      platform: s.platform,
      channel: s.channelExternalId,
      message: s.messageExternalId,
      version: s.version,
      groupId: s.groupId,
      sender: s.senderExternalId,
      senderPersonId: s.senderPersonId,
      senderName: s.senderName,
      text: s.text,
      attachments: s.attachments,
      sentAt: s.sentAt.toISOString(),
      storedHash: s.contentHash,
    },
  };
}

/**
 * The group's recent messages (newest `max` within `windowMs`) plus the named messages, oldest first,
 * each once. Named messages come first in priority: a replied-to message outside the window is kept.
 */
export async function gatherEvidence(
  prisma: Pick<Tx, "storedMessage">,
  input: {
    groupId?: string | null;
    now: Date;
    windowMs: number;
    max: number;
    named: { id: string; kind: EvidenceItem["kind"] }[];
  },
): Promise<EvidenceItem[]> {
  const items = new Map<string, EvidenceItem>();
  if (input.named.length) {
    const rows = await prisma.storedMessage.findMany({ where: { id: { in: input.named.map((n) => n.id) } } });
    for (const n of input.named) {
      const row = rows.find((r) => r.id === n.id);
      if (row && !items.has(row.id)) items.set(row.id, messageEvidence(n.kind, row));
    }
  }
  if (input.groupId && input.max > 0) {
    const recent = await prisma.storedMessage.findMany({
      where: {
        groupId: input.groupId,
        sentAt: { gte: new Date(input.now.getTime() - input.windowMs), lte: input.now },
      },
      orderBy: [{ sentAt: "desc" }, { version: "desc" }],
      take: input.max,
    });
    for (const r of recent.reverse()) if (!items.has(r.id)) items.set(r.id, messageEvidence("message", r));
  }
  return [...items.values()];
}

export function evidenceHash(item: EvidenceItem): string {
  return contentHash({ kind: item.kind, messageId: item.messageId ?? null, content: item.content });
}
