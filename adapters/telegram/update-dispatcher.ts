import type { CallbackQuery, Message, Update } from "node-telegram-bot-api";
import type { AdapterEnv } from "../../src/chat/adapter.js";
import type { InboundEvent } from "../../src/chat/types.js";
import { asCodedError } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import type { CallbackStore } from "./callback-store.js";
import type { Dialogues } from "./dialogue.js";
import { channelOf, looksLikeCommand, refOf, toChatCommand, toChatMessage, userOf } from "./inbound.js";

export interface DispatcherDeps {
  env: AdapterEnv;
  logger: Logger;
  /** The bot's @username, to tell our commands from other bots'. */
  botUsername: string;
  callbacks: CallbackStore;
  dialogues: Dialogues;
  deliver(event: InboundEvent): Promise<void>;
  /** answerCallbackQuery; never throws. */
  answer(callbackQueryId: string, text?: string): Promise<void>;
}

/** Turns each Telegram update into core events, once: polling and the webhook both end here. */
export class UpdateDispatcher {
  constructor(private readonly d: DispatcherDeps) {}

  /** Handles one update exactly once (by update_id, durably); a failing core handler is logged, not retried. */
  async process(update: Update): Promise<void> {
    if (!(await this.d.env.firstTime(`telegram:update:${update.update_id}`))) {
      this.d.logger.debug({ updateId: update.update_id }, "telegram update already processed");
      return;
    }
    try {
      if ("message" in update) await this.onMessage(update.message, false);
      else if ("edited_message" in update) await this.onMessage(update.edited_message, true);
      else if ("callback_query" in update) await this.onCallback(update.callback_query);
    } catch (e) {
      const err = asCodedError(e);
      this.d.logger.error({ updateId: update.update_id, code: err.code, err }, "telegram update handling failed");
    }
  }

  private async onMessage(m: Message, edited: boolean): Promise<void> {
    if (!edited) {
      const command = toChatCommand(m, this.d.botUsername);
      if (command) return this.d.deliver({ type: "command", command });
    }
    const message = toChatMessage(m, edited);
    if (!message) return;
    // Delivered first even when it answers a dialogue: it is visible in the group, so moderation must see it.
    await this.d.deliver({ type: "message", message });
    if (!edited && !looksLikeCommand(m.text)) await this.d.dialogues.onMessage(message);
  }

  private async onCallback(q: CallbackQuery): Promise<void> {
    const entry = await this.d.callbacks.decode(q.data);
    const m = q.message;
    if (!entry || !m) {
      await this.d.answer(q.id, "该按钮已失效");
      return;
    }
    const channel = channelOf(m.chat);
    const user = userOf(q.from);
    if (entry.kind === "form") {
      await this.d.answer(q.id, await this.d.dialogues.onOption(entry, user, channel.id));
      return;
    }
    const message = refOf(m);
    if (entry.input) {
      await this.d.answer(q.id, entry.input.label);
      const action = { actionId: entry.actionId, value: entry.value, message };
      await this.d.dialogues.askInput(channel, user, action, entry.input);
      return;
    }
    await this.d.answer(q.id);
    await this.d.deliver({
      type: "action",
      action: {
        actionId: entry.actionId,
        value: entry.value,
        channel,
        user,
        message,
        // Callback queries carry no date.
        at: this.d.env.clock.now(),
        raw: q,
      },
    });
  }
}
