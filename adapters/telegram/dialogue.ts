import { randomBytes } from "node:crypto";
import type { InlineKeyboardButton } from "node-telegram-bot-api";
import type { AdapterEnv } from "../../src/chat/adapter.js";
import type {
  ChannelRef,
  ChatMessage,
  FormField,
  FormSpec,
  InboundEvent,
  MessageRef,
  UserRef,
} from "../../src/chat/types.js";
import type { Clock } from "../../src/core/clock.js";
import type { CallbackEntry, CallbackStore } from "./callback-store.js";

/** A conversation the bot is having with one user in one chat: a pending button input, or a guided form. */
export type DialogueState =
  | {
      kind: "input";
      id: string;
      startedAt: number;
      channel: ChannelRef;
      user: UserRef;
      promptMessageId: number;
      action: { actionId: string; value: Record<string, string>; message?: MessageRef };
    }
  | {
      kind: "form";
      id: string;
      startedAt: number;
      channel: ChannelRef;
      user: UserRef;
      spec: FormSpec;
      /** Index of the field being asked. */
      index: number;
      values: Record<string, string>;
      promptMessageId?: number;
    };

/** How a dialogue talks to Telegram and to the core; implemented by the adapter. */
export interface DialoguePort {
  /** Sends a question; returns its message_id. A mention makes a force_reply `selective` target the user. */
  ask(
    chatId: string,
    text: string,
    options: {
      mention?: UserRef;
      keyboard?: InlineKeyboardButton[][];
      forceReply?: { placeholder?: string };
      replyToMessageId?: number;
    },
  ): Promise<number>;
  /** Replaces an answered question's text and removes its buttons. */
  closeQuestion(chatId: string, messageId: number, text: string): Promise<void>;
  deliver(event: InboundEvent): Promise<void>;
}

/** A dialogue not finished within this time is forgotten (its late answers become ordinary messages). */
export const DIALOGUE_TTL_MS = 30 * 60_000;

/** The env.state key of the dialogue with `userId` in `chatId`. */
export function dialogueKey(chatId: string, userId: string): string {
  return `telegram:dialogue:${chatId}:${userId}`;
}

/**
 * Guided dialogues, Telegram's stand-in for modals: a button that asks for input prompts the user and waits
 * for their next message; a form asks one field at a time (select fields as inline keyboards, text fields
 * as a force_reply prompt). State lives in env.state, so a half-answered form survives a restart.
 */
export class Dialogues {
  constructor(
    private readonly state: AdapterEnv["state"],
    private readonly clock: Clock,
    private readonly callbacks: CallbackStore,
    private readonly port: DialoguePort,
  ) {}

  /** Prompts for the input a pressed button asks for; the action is delivered with the user's reply. */
  async askInput(
    channel: ChannelRef,
    user: UserRef,
    action: { actionId: string; value: Record<string, string>; message?: MessageRef },
    input: { label: string; placeholder?: string },
  ): Promise<void> {
    const promptMessageId = await this.port.ask(channel.id, input.label, {
      mention: channel.kind === "group" ? user : undefined,
      forceReply: { placeholder: input.placeholder },
    });
    await this.save({ kind: "input", id: newId(), startedAt: this.now(), channel, user, promptMessageId, action });
  }

  /** Starts a form dialogue with `user` in `channel`. */
  async openForm(channel: ChannelRef, user: UserRef, spec: FormSpec, originMessageId?: number): Promise<void> {
    if (spec.fields.length === 0) {
      await this.complete({
        kind: "form",
        id: newId(),
        startedAt: this.now(),
        channel,
        user,
        spec,
        index: 0,
        values: {},
      });
      return;
    }
    const d: DialogueState = {
      kind: "form",
      id: newId(),
      startedAt: this.now(),
      channel,
      user,
      spec,
      index: 0,
      values: {},
    };
    d.promptMessageId = await this.askField(d, originMessageId);
    await this.save(d);
  }

  /** The user's dialogue in a chat, unless it has expired. */
  async current(chatId: string, userId: string): Promise<DialogueState | undefined> {
    const d = await this.state.get<DialogueState | null>(dialogueKey(chatId, userId));
    if (!d) return undefined;
    if (this.now() - d.startedAt > DIALOGUE_TTL_MS) {
      await this.state.set(dialogueKey(chatId, userId), null);
      return undefined;
    }
    return d;
  }

  /** Offers a user's message as an answer; true when a dialogue consumed it. */
  async onMessage(message: ChatMessage): Promise<boolean> {
    const d = await this.current(message.channel.id, message.sender.id);
    if (!d) return false;
    if (d.kind === "input") {
      await this.clear(d);
      await this.port.deliver({
        type: "action",
        action: {
          actionId: d.action.actionId,
          value: d.action.value,
          input: message.text,
          channel: d.channel,
          user: message.sender,
          ...(d.action.message ? { message: d.action.message } : {}),
          at: message.sentAt,
          raw: message.raw,
        },
      });
      return true;
    }
    const field = d.spec.fields[d.index];
    if (!field) return false;
    const answer = textAnswer(field, message.text);
    if (answer === undefined) return false;
    d.values[field.id] = answer;
    await this.advance(d);
    return true;
  }

  /** Handles a press on a form option; returns a short notice for the presser when the press is not taken. */
  async onOption(
    entry: Extract<CallbackEntry, { kind: "form" }>,
    presser: UserRef,
    chatId: string,
  ): Promise<string | undefined> {
    const d = await this.current(chatId, presser.id);
    if (d?.kind !== "form" || d.id !== entry.dialogueId) return "该表单已结束或不属于您";
    const field = d.spec.fields[d.index];
    if (!field || field.id !== entry.fieldId) return "该问题已回答";
    d.values[field.id] = entry.value;
    if (d.promptMessageId !== undefined) {
      await this.port.closeQuestion(chatId, d.promptMessageId, `${field.label}: ${entry.label}`);
    }
    await this.advance(d);
    return undefined;
  }

  private async advance(d: Extract<DialogueState, { kind: "form" }>): Promise<void> {
    d.index += 1;
    if (d.index >= d.spec.fields.length) {
      await this.complete(d);
      return;
    }
    d.promptMessageId = await this.askField(d);
    await this.save(d);
  }

  private async complete(d: Extract<DialogueState, { kind: "form" }>): Promise<void> {
    await this.clear(d);
    await this.port.deliver({
      type: "form",
      submission: {
        formId: d.spec.formId,
        values: d.values,
        context: d.spec.context,
        channel: d.channel,
        user: d.user,
        at: this.clock.now(),
        raw: { dialogueId: d.id },
      },
    });
  }

  private async askField(d: Extract<DialogueState, { kind: "form" }>, replyTo?: number): Promise<number> {
    const field = d.spec.fields[d.index]!;
    const progress = d.spec.fields.length > 1 ? ` (${d.index + 1}/${d.spec.fields.length})` : "";
    const head = `${d.spec.title}${progress}\n`;
    const mention = d.channel.kind === "group" ? d.user : undefined;
    if (field.kind === "select" && field.options && field.options.length > 0) {
      const keyboard: InlineKeyboardButton[][] = [];
      for (const o of field.options) {
        const data = await this.callbacks.encode({
          kind: "form",
          dialogueId: d.id,
          fieldId: field.id,
          value: o.value,
          label: o.label,
        });
        keyboard.push([{ text: o.label, callback_data: data }]);
      }
      return this.port.ask(d.channel.id, `${head}${field.label}`, { mention, keyboard, replyToMessageId: replyTo });
    }
    const optional = field.required === false ? "(可选,回复 - 跳过)" : "";
    return this.port.ask(d.channel.id, `${head}${field.label}${optional}`, {
      mention,
      forceReply: { placeholder: field.placeholder },
      replyToMessageId: replyTo,
    });
  }

  private save(d: DialogueState): Promise<void> {
    return this.state.set(dialogueKey(d.channel.id, d.user.id), d);
  }

  private clear(d: DialogueState): Promise<void> {
    // env.state has no delete; null marks "no dialogue".
    return this.state.set(dialogueKey(d.channel.id, d.user.id), null);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** The value a typed reply gives a field, or undefined when the reply does not answer it. */
function textAnswer(field: FormField, text: string): string | undefined {
  const t = text.trim();
  if (field.kind === "select") {
    // A select answered by typing: accept an option's label or value.
    const o = field.options?.find((x) => x.label === t || x.value === t);
    return o?.value;
  }
  if (t === "-" && field.required === false) return "";
  return t === "" ? undefined : t;
}

function newId(): string {
  return randomBytes(6).toString("base64url");
}
