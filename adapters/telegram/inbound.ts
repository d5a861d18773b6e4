// Pure translation of Telegram payloads into the platform-neutral chat types.
import type { Chat, Message, User } from "node-telegram-bot-api";
import type { Attachment, ChannelRef, ChatCommand, ChatMessage, MessageRef, UserRef } from "../../src/chat/types.js";

export const PLATFORM = "telegram";

export function channelOf(chat: Chat): ChannelRef {
  const title = chat.title ?? ([chat.first_name, chat.last_name].filter(Boolean).join(" ") || chat.username);
  return {
    platform: PLATFORM,
    id: String(chat.id),
    kind: chat.type === "private" ? "direct" : "group",
    ...(title ? { title } : {}),
  };
}

export function userOf(u: User): UserRef {
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ") || u.username;
  return { platform: PLATFORM, id: String(u.id), ...(name ? { displayName: name } : {}) };
}

export function refOf(m: Pick<Message, "chat" | "message_id">): MessageRef {
  return { platform: PLATFORM, channelId: String(m.chat.id), messageId: String(m.message_id) };
}

/** Documents, photos and other media as attachments; the file_id stands in for a URL (never fetched). */
export function attachmentsOf(m: Message): Attachment[] {
  const out: Attachment[] = [];
  const add = (
    f: { file_id: string; file_name?: string; mime_type?: string; file_size?: number } | undefined,
    fallbackName: string,
  ) => {
    if (!f) return;
    out.push({
      name: f.file_name ?? fallbackName,
      ...(f.mime_type ? { mimeType: f.mime_type } : {}),
      ...(f.file_size !== undefined ? { size: f.file_size } : {}),
      url: f.file_id,
    });
  };
  add(m.document, "document");
  if (m.photo && m.photo.length > 0) {
    // Telegram sends every size of a photo; the last is the largest.
    const p = m.photo[m.photo.length - 1]!;
    add({ file_id: p.file_id, mime_type: "image/jpeg", file_size: p.file_size }, "photo.jpg");
  }
  add(m.video, "video.mp4");
  add(m.audio, "audio");
  add(m.voice, "voice.ogg");
  add(m.animation, "animation.mp4");
  return out;
}

/** The message this one really replies to; in forum topics Telegram points every message at the topic root. */
function replyToOf(m: Message): MessageRef | undefined {
  const r = m.reply_to_message;
  if (!r) return undefined;
  if (m.is_topic_message && r.message_id === m.message_thread_id) return undefined;
  return refOf(r);
}

/** A user's message (or an edit of it) as a ChatMessage; null for service messages with nothing to read. */
export function toChatMessage(m: Message, edited: boolean): ChatMessage | null {
  if (!m.from) return null;
  const text = m.text ?? m.caption ?? "";
  const attachments = attachmentsOf(m);
  if (text === "" && attachments.length === 0) return null;
  const replyTo = replyToOf(m);
  return {
    ref: refOf(m),
    channel: channelOf(m.chat),
    sender: userOf(m.from),
    text,
    attachments,
    sentAt: new Date((edited && m.edit_date ? m.edit_date : m.date) * 1000),
    ...(edited ? { edited: true } : {}),
    ...(replyTo ? { replyTo } : {}),
    raw: m,
  };
}

const commandRe = /^\s*[/／]([A-Za-z][\w-]*)(?:@(\w+))?(?:\s+([\s\S]*))?$/;

/**
 * A command for this bot, or null. `/report@OtherBot` is addressed to another bot: not a command for us
 * (the caller still treats the text as a group message, so moderation sees it).
 */
export function toChatCommand(m: Message, botUsername: string): ChatCommand | null {
  if (!m.from || m.text === undefined) return null;
  const match = commandRe.exec(m.text);
  if (!match) return null;
  const addressee = match[2];
  if (addressee && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
  const replyTo = replyToOf(m);
  return {
    name: (match[1] ?? "").toLowerCase(),
    args: (match[3] ?? "").trim(),
    channel: channelOf(m.chat),
    sender: userOf(m.from),
    sentAt: new Date(m.date * 1000),
    ref: refOf(m),
    ...(replyTo ? { replyTo } : {}),
    raw: m,
  };
}

/** True when the text starts like a command, whoever it is addressed to. */
export function looksLikeCommand(text: string | undefined): boolean {
  return text !== undefined && commandRe.test(text);
}
