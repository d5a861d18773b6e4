import {
  Bot,
  type InlineKeyboardButton,
  type Message,
  type MessageEntity,
  type ReplyMarkup,
  type Update,
  type User,
} from "node-telegram-bot-api";
import type { AdapterEnv, ChatAdapter, InboundHandler } from "../../src/chat/adapter.js";
import type {
  AdapterCapabilities,
  AdapterHealth,
  ChannelRef,
  ChatAction,
  ChatCommand,
  DirectResult,
  FormSpec,
  HideOutcome,
  InboundEvent,
  MessageRef,
  OutboundMessage,
  UserRef,
} from "../../src/chat/types.js";
import { asCodedError, CodedError, ErrorCodes } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import { isCannotWriteFirst } from "./api-errors.js";
import { fetchIdentity, PRIVACY_WARNING, registerCommands } from "./bot-identity.js";
import { CallbackStore } from "./callback-store.js";
import { BotApiCaller } from "./caller.js";
import { parseTelegramConfig, type TelegramAdapterConfig, type TelegramAdapterConfigInput } from "./config.js";
import { type DialoguePort, Dialogues } from "./dialogue.js";
import { PLATFORM, refOf } from "./inbound.js";
import type { TelegramAdapterOptions } from "./options.js";
import { inlineKeyboard, MIN_RESTRICT_MS, MUTED, promptMarkup, UNRESTRICTED, withMention } from "./outbound.js";
import { ALLOWED_UPDATES, UpdatePoller } from "./polling.js";
import { defaultRateLimit, OutboundRateLimiter } from "./rate-limiter.js";
import { realTimers, type Timers } from "./timers.js";

export type { TelegramAdapterOptions } from "./options.js";

import { UpdateDispatcher } from "./update-dispatcher.js";
import { mountWebhook, nodeWebhookHandler } from "./webhook.js";

/** How many consecutive failed polls make the adapter report itself unhealthy. */
const UNHEALTHY_AFTER_FAILURES = 3;

/** The Telegram side of the chat port, on node-telegram-bot-api 2.x. */
export class TelegramAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly capabilities: AdapterCapabilities = {
    deleteMessages: true,
    restrictMembers: true,
    removeMembers: true,
    // Telegram has no ephemeral group messages: ephemeral() sends a direct message, else a group reply with a mention.
    ephemeral: false,
    editMessages: true,
    directMessages: true,
  };
  readonly config: TelegramAdapterConfig;
  /** The library's bot; webhooks go through its `webhookCallback`. */
  readonly bot: Bot;
  private readonly caller: BotApiCaller;
  private readonly timers: Timers;
  private readonly options: TelegramAdapterOptions;
  private env: AdapterEnv | undefined;
  private handler: InboundHandler | undefined;
  private logger: Logger | undefined;
  private me: User | undefined;
  private callbacks: CallbackStore | undefined;
  private dialogues: Dialogues | undefined;
  private poller: UpdatePoller | undefined;
  private dispatcher: UpdateDispatcher | undefined;
  private running = false;
  private warnings: string[] = [];
  private readonly inflightUpdates = new Set<Promise<void>>();

  constructor(config: TelegramAdapterConfigInput, options: TelegramAdapterOptions = {}) {
    this.config = parseTelegramConfig(config);
    this.options = options;
    this.timers = options.timers ?? realTimers;
    // The library's own retries are off (maxRetries 0): BotApiCaller retries on injectable timers instead.
    this.bot = new Bot(this.config.botToken, {
      apiRoot: this.config.apiUrl,
      maxRetries: 0,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.bot.use((ctx) => this.track(this.processUpdate(ctx.update)));
    // Fail loud: an update we could not even de-duplicate answers the webhook 500, so Telegram redelivers it.
    this.bot.catch((err) => {
      throw err;
    });
    const limits = options.rateLimit === false ? undefined : { ...defaultRateLimit, ...options.rateLimit };
    this.caller = new BotApiCaller({
      timers: this.timers,
      limiter: limits ? new OutboundRateLimiter(limits, this.timers) : undefined,
      token: this.config.botToken,
      maxRetries: options.maxRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    });
  }

  private get api() {
    return this.bot.api;
  }

  /** The bot's @username, known after start. */
  get username(): string | undefined {
    return this.me?.username;
  }

  async start(handler: InboundHandler, env: AdapterEnv): Promise<void> {
    this.env = env;
    this.handler = handler;
    this.logger = env.logger.child({ adapter: PLATFORM });
    this.caller.setLogger(this.logger);
    this.callbacks = new CallbackStore(env.state);
    this.dialogues = new Dialogues(env.state, env.clock, this.callbacks, this.dialoguePort());
    this.warnings = [];

    this.me = await fetchIdentity(this.caller, this.api);
    this.dispatcher = new UpdateDispatcher({
      env,
      logger: this.logger,
      botUsername: this.me.username ?? "",
      callbacks: this.callbacks,
      dialogues: this.dialogues,
      deliver: (e) => this.deliver(e),
      answer: (id, text) => this.answer(id, text),
    });
    const commandsWarning = await registerCommands(this.caller, this.api, env.commands, this.logger);
    if (commandsWarning) this.warnings.push(commandsWarning);
    if (this.me.can_read_all_group_messages === false) {
      this.warnings.push(PRIVACY_WARNING);
      this.logger.warn({ bot: this.me.username }, `telegram ${PRIVACY_WARNING}`);
    }

    if (this.config.mode === "webhook") {
      mountWebhook(env.http, nodeWebhookHandler(this.bot, this.config.webhookSecret!));
      await this.caller.call("setWebhook", { retryTransient: true }, () =>
        this.api.setWebhook({
          url: this.config.webhookUrl!,
          secret_token: this.config.webhookSecret!,
          allowed_updates: ALLOWED_UPDATES,
        }),
      );
    } else {
      // getUpdates answers 409 while a webhook is set; a bot moved from webhook to polling must clear it.
      await this.caller.call("deleteWebhook", { retryTransient: true }, () =>
        this.api.deleteWebhook({ drop_pending_updates: false }),
      );
      this.poller = new UpdatePoller({
        api: this.api,
        state: env.state,
        timers: this.timers,
        logger: this.logger,
        token: this.config.botToken,
        timeoutSeconds: this.config.pollTimeoutSeconds,
        backoff: this.options.pollBackoff ?? { initialMs: 1000, maxMs: 60_000 },
        process: (u) => this.processUpdate(u),
      });
      this.poller.start();
    }
    this.running = true;
    this.logger.info({ bot: this.me.username, mode: this.config.mode }, "telegram adapter started");
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.env && this.config.mode === "webhook") mountWebhook(this.env.http, undefined);
    await this.poller?.stop();
    this.poller = undefined;
    while (this.inflightUpdates.size > 0) await Promise.allSettled([...this.inflightUpdates]);
    await this.caller.drain();
  }

  health(): AdapterHealth {
    if (!this.running) return { ok: false, detail: "not started" };
    const details = [...this.warnings];
    let ok = true;
    if (this.poller && this.poller.failures >= UNHEALTHY_AFTER_FAILURES) {
      ok = false;
      details.push(`getUpdates failing (${this.poller.failures} times in a row): ${this.poller.lastError}`);
    }
    return details.length > 0 ? { ok, detail: details.join("; ") } : { ok };
  }

  // ---- inbound ----

  private processUpdate(update: Update): Promise<void> {
    if (!this.dispatcher) throw new CodedError(ErrorCodes.chatRequestFailed, "telegram adapter not started");
    return this.dispatcher.process(update);
  }

  private track(p: Promise<void>): Promise<void> {
    this.inflightUpdates.add(p);
    const forget = () => this.inflightUpdates.delete(p);
    p.then(forget, forget);
    return p;
  }

  private async deliver(event: InboundEvent): Promise<void> {
    if (!this.handler) throw new CodedError(ErrorCodes.chatRequestFailed, "telegram adapter not started");
    await this.handler(event);
  }

  /** Stops the button's spinner; a failure (e.g. a query older than 15 minutes) must not lose the press. */
  private async answer(id: string, text?: string): Promise<void> {
    try {
      await this.caller.call("answerCallbackQuery", { retryTransient: true }, () =>
        this.api.answerCallbackQuery({ callback_query_id: id, ...(text ? { text } : {}) }),
      );
    } catch (e) {
      this.logger?.warn({ code: asCodedError(e).code, err: e }, "telegram answerCallbackQuery failed");
    }
  }

  // ---- outbound ----

  private started(): AdapterEnv {
    if (!this.env) throw new CodedError(ErrorCodes.chatRequestFailed, "telegram adapter not started");
    return this.env;
  }

  private async send(
    chatId: string,
    text: string,
    extra: { markup?: ReplyMarkup; replyTo?: number; entities?: MessageEntity[] } = {},
  ): Promise<Message> {
    const params = {
      chat_id: chatId,
      text,
      ...(extra.entities ? { entities: extra.entities } : {}),
      ...(extra.markup ? { reply_markup: extra.markup } : {}),
      ...(extra.replyTo ? { reply_parameters: { message_id: extra.replyTo, allow_sending_without_reply: true } } : {}),
    };
    return this.caller.call("sendMessage", { chatId, paced: true }, () => this.api.sendMessage(params));
  }

  private async keyboard(buttons: OutboundMessage["buttons"]): Promise<InlineKeyboardButton[][]> {
    this.started();
    return buttons ? inlineKeyboard(buttons, this.callbacks!) : [];
  }

  async post(channel: ChannelRef, message: OutboundMessage): Promise<MessageRef> {
    const rows = await this.keyboard(message.buttons);
    const sent = await this.send(channel.id, message.text, {
      ...(rows.length > 0 ? { markup: { inline_keyboard: rows } } : {}),
      ...(message.replyTo ? { replyTo: Number(message.replyTo.messageId) } : {}),
    });
    return refOf(sent);
  }

  async directMessage(user: UserRef, message: OutboundMessage): Promise<DirectResult> {
    try {
      return await this.post({ platform: PLATFORM, id: user.id, kind: "direct" }, { ...message, replyTo: undefined });
    } catch (e) {
      // Telegram lets a bot write only to users who started it (403 "bot can't initiate conversation").
      if (isCannotWriteFirst((e as CodedError).cause)) return null;
      throw e;
    }
  }

  async ephemeral(channel: ChannelRef, user: UserRef, message: OutboundMessage): Promise<void> {
    if (channel.kind === "direct") {
      await this.post(channel, message);
      return;
    }
    if ((await this.directMessage(user, message)) !== null) return;
    const { text, entities } = withMention(user, message.text);
    const rows = await this.keyboard(message.buttons);
    await this.send(channel.id, text, {
      entities,
      ...(rows.length > 0 ? { markup: { inline_keyboard: rows } } : {}),
      ...(message.replyTo ? { replyTo: Number(message.replyTo.messageId) } : {}),
    });
  }

  async edit(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const rows = await this.keyboard(message.buttons);
    await this.editText(ref.channelId, Number(ref.messageId), message.text, rows);
  }

  private async editText(chatId: string, messageId: number, text: string, rows: InlineKeyboardButton[][]) {
    try {
      await this.caller.call("editMessageText", { chatId, paced: true, retryTransient: true }, () =>
        this.api.editMessageText({
          chat_id: chatId,
          message_id: messageId,
          text,
          reply_markup: { inline_keyboard: rows },
        }),
      );
    } catch (e) {
      // Editing to the same content is not an error for us.
      if (/message is not modified/i.test((e as Error).message)) return;
      throw e;
    }
  }

  async hide(ref: MessageRef): Promise<HideOutcome> {
    this.started();
    try {
      await this.caller.call("deleteMessage", { retryTransient: true }, () =>
        this.api.deleteMessage({ chat_id: ref.channelId, message_id: Number(ref.messageId) }),
      );
    } catch (e) {
      if (/message to delete not found/i.test((e as Error).message)) return "deleted";
      throw e;
    }
    return "deleted";
  }

  async restrict(channel: ChannelRef, user: UserRef, until: Date): Promise<void> {
    const env = this.started();
    this.groupOnly(channel, "restrict");
    const untilMs = Math.max(until.getTime(), env.clock.now().getTime() + MIN_RESTRICT_MS);
    await this.caller.call("restrictChatMember", { retryTransient: true }, () =>
      this.api.restrictChatMember({
        chat_id: channel.id,
        user_id: Number(user.id),
        permissions: MUTED,
        use_independent_chat_permissions: true,
        until_date: Math.floor(untilMs / 1000),
      }),
    );
  }

  async unrestrict(channel: ChannelRef, user: UserRef): Promise<void> {
    this.started();
    this.groupOnly(channel, "unrestrict");
    await this.caller.call("restrictChatMember", { retryTransient: true }, () =>
      this.api.restrictChatMember({
        chat_id: channel.id,
        user_id: Number(user.id),
        permissions: UNRESTRICTED,
        use_independent_chat_permissions: true,
      }),
    );
  }

  async remove(channel: ChannelRef, user: UserRef, options: { ban: boolean }): Promise<void> {
    this.started();
    this.groupOnly(channel, "remove");
    const ids = { chat_id: channel.id, user_id: Number(user.id) };
    await this.caller.call("banChatMember", { retryTransient: true }, () =>
      this.api.banChatMember({ ...ids, revoke_messages: false }),
    );
    if (options.ban) return;
    try {
      // A ban is how Telegram removes; lifting it at once leaves the member free to rejoin later.
      await this.caller.call("unbanChatMember", { retryTransient: true }, () =>
        this.api.unbanChatMember({ ...ids, only_if_banned: true }),
      );
    } catch (e) {
      // Basic groups have no ban list (and no unban): removal there never keeps anyone out.
      if (!/supergroup/i.test((e as Error).message)) throw e;
    }
  }

  async openForm(origin: ChatCommand | ChatAction, form: FormSpec): Promise<void> {
    this.started();
    const user = "sender" in origin ? origin.sender : origin.user;
    const originMessage = "sender" in origin && origin.ref ? Number(origin.ref.messageId) : undefined;
    await this.dialogues!.openForm(origin.channel, user, form, originMessage);
  }

  private groupOnly(channel: ChannelRef, what: string): void {
    if (channel.kind !== "group") {
      throw new CodedError(ErrorCodes.chatUnsupported, `Telegram cannot ${what} a member of a direct chat`);
    }
  }

  private dialoguePort(): DialoguePort {
    return {
      ask: async (chatId, text, o) => {
        const body = o.mention ? withMention(o.mention, text) : { text, entities: undefined };
        const markup = promptMarkup(o);
        const sent = await this.send(chatId, body.text, {
          ...(body.entities ? { entities: body.entities } : {}),
          ...(markup ? { markup } : {}),
          ...(o.replyToMessageId ? { replyTo: o.replyToMessageId } : {}),
        });
        return sent.message_id;
      },
      closeQuestion: async (chatId, messageId, text) => {
        try {
          await this.editText(chatId, messageId, text, []);
        } catch (e) {
          this.logger?.warn({ code: asCodedError(e).code }, "telegram could not close an answered question");
        }
      },
      deliver: (event) => this.deliver(event),
    };
  }
}

/** Creates the Telegram adapter; `config` is validated (a bad value throws watchkeeper_config_invalid). */
export function createTelegramAdapter(
  config: TelegramAdapterConfigInput,
  options: TelegramAdapterOptions = {},
): TelegramAdapter {
  return new TelegramAdapter(config, options);
}
