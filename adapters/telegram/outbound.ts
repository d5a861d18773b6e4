// Small builders for outgoing Bot API payloads.
import type { ChatPermissions, InlineKeyboardButton, MessageEntity, ReplyMarkup } from "node-telegram-bot-api";
import type { Button, UserRef } from "../../src/chat/types.js";
import type { CallbackStore } from "./callback-store.js";

/** Every sending permission off: a muted member. */
export const MUTED: ChatPermissions = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
};

/**
 * Every permission on: Telegram's documented way to lift a restriction ("pass True for all permissions");
 * the chat's default permissions still cap what the member may do.
 */
export const UNRESTRICTED: ChatPermissions = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_change_info: true,
  can_invite_users: true,
  can_pin_messages: true,
  can_manage_topics: true,
};

/** Telegram treats a restriction shorter than 30 s as "forever"; never let a short mute become permanent. */
export const MIN_RESTRICT_MS = 31_000;

/** Inline keyboard rows for the core's buttons; each callback_data is a short token (see CallbackStore). */
export async function inlineKeyboard(buttons: Button[][], callbacks: CallbackStore): Promise<InlineKeyboardButton[][]> {
  const rows: InlineKeyboardButton[][] = [];
  for (const row of buttons) {
    const out: InlineKeyboardButton[] = [];
    for (const b of row) {
      const data = await callbacks.encode({
        kind: "action",
        actionId: b.actionId,
        value: b.value,
        ...(b.input ? { input: b.input } : {}),
      });
      out.push({ text: b.label, callback_data: data });
    }
    if (out.length > 0) rows.push(out);
  }
  return rows;
}

/** "Name text" with the name as a text_mention, so it works for members without a @username. */
export function withMention(user: UserRef, text: string): { text: string; entities: MessageEntity[] } {
  const name = user.displayName?.trim() || `用户${user.id}`;
  return {
    text: `${name} ${text}`,
    entities: [
      {
        type: "text_mention",
        offset: 0,
        // Entity offsets count UTF-16 code units, which is what String#length counts.
        length: name.length,
        user: { id: Number(user.id), is_bot: false, first_name: name },
      },
    ],
  };
}

/** A question's markup: an inline keyboard of options, or a force_reply that only the addressed user sees. */
export function promptMarkup(o: {
  keyboard?: InlineKeyboardButton[][];
  forceReply?: { placeholder?: string };
}): ReplyMarkup | undefined {
  if (o.keyboard) return { inline_keyboard: o.keyboard };
  if (!o.forceReply) return undefined;
  const placeholder = o.forceReply.placeholder?.slice(0, 64);
  return { force_reply: true, selective: true, ...(placeholder ? { input_field_placeholder: placeholder } : {}) };
}
