// Platform-neutral chat types. The core sees only these; platform SDK types stay in adapters/<platform>/.
// Every inbound value keeps the untouched platform payload under `raw`, for evidence and for adapters.

/** "slack", "telegram", "local", "memory", … */
export type Platform = string;

/** A conversation on a platform: a group chat or a one-to-one (direct) chat with the bot. */
export interface ChannelRef {
  platform: Platform;
  id: string;
  kind: "group" | "direct";
  /** Human title when the platform tells it. */
  title?: string;
}

export interface UserRef {
  platform: Platform;
  id: string;
  displayName?: string;
}

/** Points at one message on a platform. */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

export interface Attachment {
  name: string;
  mimeType?: string;
  size?: number;
  /** Platform URL or file id; never fetched by the core. */
  url?: string;
}

export interface ChatMessage {
  ref: MessageRef;
  channel: ChannelRef;
  sender: UserRef;
  text: string;
  attachments: Attachment[];
  sentAt: Date;
  /** True when this is an edit of an earlier message with the same ref. */
  edited?: boolean;
  /** The message this one replies to, when any. */
  replyTo?: MessageRef;
  raw?: unknown;
}

/** A slash command, e.g. `/report intrusion major 官网被篡改` → { name: "report", args: "intrusion major 官网被篡改" }. */
export interface ChatCommand {
  /** Lower-case, without the slash and without a `@BotName` suffix. */
  name: string;
  /** Everything after the command name, trimmed. */
  args: string;
  channel: ChannelRef;
  sender: UserRef;
  sentAt: Date;
  /** The message that carried the command, when the platform has one. */
  ref?: MessageRef;
  /** The message the command replied to (attached as evidence by /report). */
  replyTo?: MessageRef;
  raw?: unknown;
}

/** A press of a button the bot offered. */
export interface ChatAction {
  /** The button's actionId, e.g. "incident.ack". */
  actionId: string;
  /** The button's value, returned unchanged. */
  value: Record<string, string>;
  /** Text the user typed when the button asked for input (e.g. proof of a duty done). */
  input?: string;
  channel: ChannelRef;
  user: UserRef;
  /** The bot message that carried the button. */
  message?: MessageRef;
  at: Date;
  raw?: unknown;
}

/** A completed form (Slack modal, local web form, Telegram guided dialogue). */
export interface FormSubmission {
  formId: string;
  values: Record<string, string>;
  /** The context given to openForm, returned unchanged. */
  context: Record<string, string>;
  channel: ChannelRef;
  user: UserRef;
  at: Date;
  raw?: unknown;
}

export type InboundEvent =
  | { type: "message"; message: ChatMessage }
  | { type: "command"; command: ChatCommand }
  | { type: "action"; action: ChatAction }
  | { type: "form"; submission: FormSubmission };

export interface Button {
  actionId: string;
  label: string;
  value: Record<string, string>;
  style?: "primary" | "danger";
  /** Ask the user for a line of text before the press is delivered (delivered as ChatAction.input). */
  input?: { label: string; placeholder?: string };
}

export interface OutboundMessage {
  text: string;
  /** Buttons in rows; a flat list is one row. */
  buttons?: Button[][];
  /** Reply in the thread of / as a reply to this message. */
  replyTo?: MessageRef;
}

export interface FormField {
  id: string;
  label: string;
  kind: "select" | "text" | "textarea";
  options?: { value: string; label: string }[];
  required?: boolean;
  initial?: string;
  placeholder?: string;
}

export interface FormSpec {
  formId: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Returned unchanged in the FormSubmission. */
  context: Record<string, string>;
}

/** What an adapter can really do on its platform; the core adapts its behaviour and says so honestly. */
export interface AdapterCapabilities {
  /** Can delete other members' messages (hide). */
  deleteMessages: boolean;
  /** Can stop a member from posting for a time (mute). */
  restrictMembers: boolean;
  /** Can remove a member from a group. */
  removeMembers: boolean;
  /** Can show a message only one member sees, in the group. */
  ephemeral: boolean;
  /** Can edit the bot's own messages (to show who pressed a button). */
  editMessages: boolean;
  /** Can message a member one-to-one. */
  directMessages: boolean;
}

export type HideOutcome = "deleted" | "unsupported";

/** Result of a direct message: null when the platform will not let the bot write first (e.g. Telegram before /start). */
export type DirectResult = MessageRef | null;

/** Adapter health for /readyz. */
export interface AdapterHealth {
  ok: boolean;
  detail?: string;
}
