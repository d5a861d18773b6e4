// Slack payloads → the core's InboundEvents. Pure functions over the JSON Slack sends, so they are
// tested without Bolt; the untouched payload always travels along under `raw`.
import type {
  Attachment,
  ChannelRef,
  ChatAction,
  ChatCommand,
  ChatMessage,
  FormSubmission,
  UserRef,
} from "../../src/chat/types.js";
import {
  decodeActionId,
  decodeButtonValue,
  type FormMetadata,
  type InputMetadata,
  inputFieldId,
  viewValues,
} from "./blocks.js";

/** The platform name on every ref this adapter makes. */
export const slackPlatform = "slack";

/** Who the bot is, from auth.test, so its own messages are never delivered back to the core. */
export interface BotIdentity {
  userId?: string;
  botId?: string;
}

/** A Slack message as it appears in `message` events (only the fields the adapter reads). */
export interface SlackMessagePayload {
  type?: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: { id?: string; name?: string; title?: string; mimetype?: string; size?: number; url_private?: string }[];
  user_profile?: { display_name?: string; real_name?: string };
  message?: SlackMessagePayload;
  previous_message?: SlackMessagePayload;
}

/** Slack ts ("1712345678.000200") → Date. */
export function tsToDate(ts: string | undefined, fallback: Date): Date {
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(Math.round(n * 1000)) : fallback;
}

/** `im` (and D… ids) are one-to-one chats with the bot; channels, private channels and group DMs are groups. */
export function channelKind(channelId: string, channelType?: string): ChannelRef["kind"] {
  if (channelType !== undefined) return channelType === "im" || channelType === "directmessage" ? "direct" : "group";
  return channelId.startsWith("D") ? "direct" : "group";
}

export function channelRef(id: string, channelType?: string, title?: string): ChannelRef {
  return { platform: slackPlatform, id, kind: channelKind(id, channelType), ...(title ? { title } : {}) };
}

export function userRef(id: string, displayName?: string): UserRef {
  return { platform: slackPlatform, id, ...(displayName ? { displayName } : {}) };
}

function isFromBot(m: SlackMessagePayload, bot: BotIdentity): boolean {
  return (bot.userId !== undefined && m.user === bot.userId) || (bot.botId !== undefined && m.bot_id === bot.botId);
}

// Subtypes that are a member saying something; joins, topic changes, deletions and bot posts are not.
const spokenSubtypes = new Set([undefined, "file_share", "thread_broadcast", "me_message"]);

/**
 * A `message` event as a ChatMessage, or null when it is not a member speaking (the bot itself, other
 * bots, joins, deletions, or a `message_changed` that only added a link preview).
 */
export function toChatMessage(event: SlackMessagePayload, bot: BotIdentity, now: Date): ChatMessage | null {
  const edited = event.subtype === "message_changed";
  const m = edited ? event.message : event;
  if (!m || !event.channel || !m.ts || !m.user) return null;
  if (!edited && !spokenSubtypes.has(event.subtype)) return null;
  if (edited && (m.text ?? "") === (event.previous_message?.text ?? "") && !m.files?.length) return null;
  if (isFromBot(m, bot)) return null;
  const channelId = event.channel;
  const attachments: Attachment[] = (m.files ?? []).map((f) => ({
    name: f.name ?? f.title ?? f.id ?? "file",
    ...(f.mimetype ? { mimeType: f.mimetype } : {}),
    ...(typeof f.size === "number" ? { size: f.size } : {}),
    ...(f.url_private || f.id ? { url: f.url_private ?? f.id } : {}),
  }));
  const name = m.user_profile?.display_name || m.user_profile?.real_name;
  const message: ChatMessage = {
    ref: { platform: slackPlatform, channelId, messageId: m.ts },
    channel: channelRef(channelId, event.channel_type),
    sender: userRef(m.user, name),
    text: m.text ?? "",
    attachments,
    sentAt: edited ? now : tsToDate(m.ts, now),
    raw: event,
  };
  if (edited) message.edited = true;
  if (m.thread_ts && m.thread_ts !== m.ts) {
    message.replyTo = { platform: slackPlatform, channelId, messageId: m.thread_ts };
  }
  return message;
}

/** A slash command payload (form fields Slack posts). */
export interface SlackCommandPayload {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id?: string;
}

/** `/Report@x intrusion …` → { name: "report", args: "intrusion …" }. */
export function toChatCommand(payload: SlackCommandPayload, now: Date): ChatCommand {
  const name = payload.command
    .replace(/^[/／]/, "")
    .replace(/@.*$/, "")
    .toLowerCase();
  const direct = payload.channel_name === "directmessage";
  // Slack names private channels "privategroup" in commands: not a title worth showing.
  const title =
    payload.channel_name && !["directmessage", "privategroup"].includes(payload.channel_name)
      ? payload.channel_name
      : undefined;
  return {
    name,
    args: (payload.text ?? "").trim(),
    channel: channelRef(payload.channel_id, direct ? "im" : undefined, title),
    sender: userRef(payload.user_id, payload.user_name),
    sentAt: now,
    raw: payload,
  };
}

/** The parts of a block_actions payload the adapter reads. */
export interface SlackBlockActionsPayload {
  type: "block_actions";
  trigger_id?: string;
  user: { id: string; username?: string; name?: string };
  channel?: { id: string; name?: string };
  container?: { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string };
  actions: { action_id: string; value?: string; action_ts?: string; type?: string; text?: { text?: string } }[];
}

/** The decoded press of a button, with the text prompt when the button asks for one first. */
export interface DecodedPress {
  action: ChatAction;
  input?: { label: string; placeholder?: string };
  /** The button's label, as the title of the input modal. */
  label?: string;
}

/** A block_actions payload's first action as a ChatAction (without input yet); null without a channel. */
export function toChatAction(body: SlackBlockActionsPayload, now: Date): DecodedPress | null {
  const a = body.actions[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!a || !channelId) return null;
  const { value, input } = decodeButtonValue(a.value);
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  const action: ChatAction = {
    actionId: decodeActionId(a.action_id),
    value,
    channel: channelRef(channelId, undefined, body.channel?.name),
    user: userRef(body.user.id, body.user.name ?? body.user.username),
    at: tsToDate(a.action_ts, now),
    raw: body,
  };
  if (messageTs) action.message = { platform: slackPlatform, channelId, messageId: messageTs };
  return input ? { action, input, label: a.text?.text ?? action.actionId } : { action };
}

/** The parts of a view_submission payload the adapter reads. */
export interface SlackViewSubmissionPayload {
  type: "view_submission";
  trigger_id?: string;
  user: { id: string; username?: string; name?: string };
  view: { callback_id?: string; private_metadata?: string; state?: unknown };
}

/** A submitted openForm modal as a FormSubmission. */
export function toFormSubmission(body: SlackViewSubmissionPayload, meta: FormMetadata, now: Date): FormSubmission {
  return {
    formId: meta.formId,
    values: viewValues(body.view.state),
    context: meta.context,
    channel: channelRef(meta.channelId),
    user: userRef(body.user.id, body.user.name ?? body.user.username),
    at: now,
    raw: body,
  };
}

/** A submitted input modal as the ChatAction of the button that opened it, with the typed text. */
export function toActionWithInput(body: SlackViewSubmissionPayload, meta: InputMetadata, now: Date): ChatAction {
  const action: ChatAction = {
    actionId: meta.actionId,
    value: meta.value,
    input: viewValues(body.view.state)[inputFieldId] ?? "",
    channel: channelRef(meta.channelId),
    user: userRef(body.user.id, body.user.name ?? body.user.username),
    at: now,
    raw: body,
  };
  if (meta.messageTs)
    action.message = { platform: slackPlatform, channelId: meta.channelId, messageId: meta.messageTs };
  return action;
}
