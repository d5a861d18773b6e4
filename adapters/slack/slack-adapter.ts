import type { IncomingMessage, ServerResponse } from "node:http";
import type { App, webApi } from "@slack/bolt";
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
import { CodedError, ErrorCodes } from "../../src/core/errors.js";
import { type Logger, silentLogger } from "../../src/core/logger.js";
import { sendText } from "../../src/http/router.js";
import {
  type FormMetadata,
  formCallbackId,
  formView,
  type InputMetadata,
  inputCallbackId,
  inputView,
  messageBody,
  parseMetadata,
} from "./blocks.js";
import { type BoltPartsOptions, createBoltParts } from "./bolt-app.js";
import { parseSlackConfig, type SlackAdapterConfig, type SlackAdapterConfigInput, slackEventsPath } from "./config.js";
import {
  type BotIdentity,
  type SlackBlockActionsPayload,
  type SlackCommandPayload,
  type SlackMessagePayload,
  type SlackViewSubmissionPayload,
  slackPlatform,
  toActionWithInput,
  toChatAction,
  toChatCommand,
  toChatMessage,
  toFormSubmission,
} from "./inbound.js";
import { type CallSlack, deleteMessage, kickMember } from "./moderation-calls.js";
import { Outbox, type OutboxOptions, slackErrorOf } from "./outbox.js";
import { Restrictions } from "./restrictions.js";

/** Tuning that is not configuration: mostly for tests and benchmarks. */
export interface SlackAdapterOptions {
  /** The outgoing queue (concurrency, rate-limit waits, injectable sleep). */
  outbox?: OutboxOptions;
  /** WebClient retries for network errors and 5xx. @defaultValue 2 retries, 0.5–2 s */
  retryConfig?: webApi.RetryOptions;
  /** HTTP path of Events API, commands and interactivity. @defaultValue "/slack/events" */
  path?: string;
}

/**
 * The Slack adapter: Bolt v4 receives (HTTP on the app's own port, or Socket Mode), the Web API sends
 * through an outgoing queue that waits out rate limits. See adapters/slack/README.md.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = slackPlatform;
  readonly capabilities: AdapterCapabilities;
  readonly config: SlackAdapterConfig;
  private readonly options: SlackAdapterOptions;
  private readonly restrictions = new Restrictions();
  private readonly inflight = new Set<Promise<void>>();
  private readonly mountedOn = new WeakSet<object>();
  private outbox = new Outbox();
  private app: App | undefined;
  private client: webApi.WebClient | undefined;
  private requestListener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private handler: InboundHandler | undefined;
  private env: AdapterEnv | undefined;
  private bot: BotIdentity = {};
  private running = false;
  private logger: Logger = silentLogger;

  constructor(config: SlackAdapterConfig, options: SlackAdapterOptions = {}) {
    this.config = config;
    this.options = options;
    const admin = config.adminUserToken !== undefined;
    this.capabilities = {
      // A bot token cannot delete other people's messages; a workspace admin's user token can.
      deleteMessages: admin,
      // Slack has no mute: the bot deletes a muted member's new messages, which needs the admin token.
      restrictMembers: admin,
      removeMembers: true,
      ephemeral: true,
      editMessages: true,
      directMessages: true,
    };
  }

  async start(handler: InboundHandler, env: AdapterEnv): Promise<void> {
    this.logger = env.logger.child({ adapter: "slack" });
    this.env = env;
    this.outbox = new Outbox({ logger: this.logger, ...this.options.outbox });
    const boltOptions: BoltPartsOptions = { path: this.options.path ?? slackEventsPath };
    if (this.options.retryConfig) boltOptions.retryConfig = this.options.retryConfig;
    const parts = await createBoltParts(this.config, this.logger, boltOptions);
    await this.restrictions.load(env.state);
    this.app = parts.app;
    this.client = parts.client;
    this.bot = parts.bot;
    this.handler = handler;
    this.listen(parts.app, env);
    if (parts.httpReceiver) {
      const receiver = parts.httpReceiver;
      this.requestListener = (req, res) => receiver.requestListener(req, res);
      this.mount(env);
    } else {
      await parts.app.start();
    }
    this.running = true;
    this.logger.info(
      { mode: parts.httpReceiver ? "http" : "socket", botUserId: this.bot.userId },
      "slack adapter started",
    );
  }

  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    await Promise.allSettled([...this.inflight]);
    await this.outbox.drain();
    if (wasRunning && !this.requestListener) await this.app?.stop();
    this.handler = undefined;
  }

  health(): AdapterHealth {
    return this.running ? { ok: true } : { ok: false, detail: "slack adapter not started" };
  }

  // ---- inbound ----

  /** Mounts the HTTP endpoint once per router; it answers 503 while the adapter is stopped. */
  private mount(env: AdapterEnv): void {
    if (this.mountedOn.has(env.http)) return;
    this.mountedOn.add(env.http);
    env.http.post(this.options.path ?? slackEventsPath, (req, res) => {
      if (!this.running || !this.requestListener) return sendText(res, 503, "slack adapter not running");
      this.requestListener(req, res);
    });
  }

  private now(): Date {
    return this.env?.clock.now() ?? new Date();
  }

  private listen(app: App, env: AdapterEnv): void {
    // Slack retries an event it thinks was not received (X-Slack-Retry-Num) with the same event_id.
    app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId === "string" && !(await env.firstTime(`slack:event:${eventId}`))) {
        this.logger.debug({ eventId }, "slack event already handled; retry ignored");
        return;
      }
      await next();
    });
    app.event("message", async ({ event }) => this.onMessage(event as SlackMessagePayload));
    app.event("member_joined_channel", async ({ event }) => {
      if (this.restrictions.isBanned(event.channel, event.user)) {
        await this.kick(event.channel, event.user).catch((e) => this.logError("re-removing a banned member failed", e));
      }
    });
    app.command(/.*/, async ({ command, ack }) => {
      await ack();
      await this.deliver({ type: "command", command: toChatCommand(command as SlackCommandPayload, this.now()) });
    });
    app.action(/.*/, async ({ body, ack }) => {
      await ack();
      if (body.type !== "block_actions") return;
      await this.onPress(body as unknown as SlackBlockActionsPayload);
    });
    app.view(formCallbackId, async ({ body, ack }) => {
      await ack();
      const b = body as unknown as SlackViewSubmissionPayload;
      const meta = parseMetadata<FormMetadata>(b.view.private_metadata);
      if (!meta) return this.logger.warn("slack form submission without metadata ignored");
      await this.deliver({ type: "form", submission: toFormSubmission(b, meta, this.now()) });
    });
    app.view(inputCallbackId, async ({ body, ack }) => {
      await ack();
      const b = body as unknown as SlackViewSubmissionPayload;
      const meta = parseMetadata<InputMetadata>(b.view.private_metadata);
      if (!meta) return this.logger.warn("slack input submission without metadata ignored");
      await this.deliver({ type: "action", action: toActionWithInput(b, meta, this.now()) });
    });
    app.error(async (e) => this.logError("slack listener failed", e));
  }

  private async onMessage(event: SlackMessagePayload): Promise<void> {
    const message = toChatMessage(event, this.bot, this.now());
    if (!message) return;
    const { channelId, messageId } = message.ref;
    if (!message.edited && this.restrictions.isMuted(channelId, message.sender.id, this.now())) {
      // The bot-side mute: the message goes, the core still receives it (evidence is kept, never lost).
      await this.deleteAsAdmin(channelId, messageId).catch((e) =>
        this.logError("deleting a muted member's message failed", e),
      );
    }
    await this.deliver({ type: "message", message });
  }

  private async onPress(body: SlackBlockActionsPayload): Promise<void> {
    const press = toChatAction(body, this.now());
    if (!press) return;
    if (!press.input) return this.deliver({ type: "action", action: press.action });
    // The press counts once the text is typed: ask for it in a modal, deliver on its view_submission.
    const meta: InputMetadata = {
      actionId: press.action.actionId,
      value: press.action.value,
      channelId: press.action.channel.id,
      ...(press.action.message ? { messageTs: press.action.message.messageId } : {}),
    };
    if (!body.trigger_id)
      return this.logger.warn({ actionId: meta.actionId }, "button asks for input but Slack sent no trigger_id");
    const view = inputView(press.label ?? meta.actionId, press.input, meta);
    await this.call("views.open", (c) => c.views.open({ trigger_id: body.trigger_id!, view: view as never })).catch(
      (e) => this.logError("opening the input modal failed", e),
    );
  }

  /** Hands one event to the core; a failure is logged (Slack was acked already and will not resend it). */
  private async deliver(event: InboundEvent): Promise<void> {
    const handler = this.handler;
    if (!handler || !this.running) return;
    const p = handler(event).catch((e) => this.logError(`core failed to handle a slack ${event.type}`, e));
    this.inflight.add(p);
    try {
      await p;
    } finally {
      this.inflight.delete(p);
    }
  }

  private logError(msg: string, e: unknown): void {
    const err = e as { code?: string; message?: string };
    this.logger.error({ code: err?.code, err: err?.message }, msg);
  }

  // ---- outbound ----

  /** Every Web API call goes through the outgoing queue (an arrow, so it can be handed to helpers). */
  private readonly call: CallSlack = (method, fn) => {
    const client = this.client;
    if (!client) return Promise.reject(new CodedError(ErrorCodes.chatRequestFailed, "slack adapter not started"));
    return this.outbox.run(method, () => fn(client));
  };

  async post(channel: ChannelRef, message: OutboundMessage): Promise<MessageRef> {
    const body = messageBody(message);
    const r = await this.call("chat.postMessage", (c) =>
      c.chat.postMessage({
        channel: channel.id,
        ...body,
        ...(message.replyTo ? { thread_ts: message.replyTo.messageId } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { platform: this.platform, channelId: r.channel ?? channel.id, messageId: r.ts ?? "" };
  }

  async directMessage(user: UserRef, message: OutboundMessage): Promise<DirectResult> {
    let channelId: string | undefined;
    try {
      const r = await this.call("conversations.open", (c) => c.conversations.open({ users: user.id }));
      channelId = r.channel?.id;
    } catch (e) {
      // Slack will not open a DM with another bot or a deactivated account: "cannot", not "failed".
      if (["cannot_dm_bot", "user_disabled"].includes(slackErrorOf(e) ?? "")) return null;
      throw e;
    }
    if (!channelId) return null;
    return this.post({ platform: this.platform, id: channelId, kind: "direct" }, message);
  }

  async ephemeral(channel: ChannelRef, user: UserRef, message: OutboundMessage): Promise<void> {
    try {
      await this.call("chat.postEphemeral", (c) =>
        c.chat.postEphemeral({
          channel: channel.id,
          user: user.id,
          ...messageBody(message),
          ...(message.replyTo ? { thread_ts: message.replyTo.messageId } : {}),
        }),
      );
    } catch (e) {
      // Slack shows ephemerals only to channel members; someone outside gets the notice in a DM.
      if (slackErrorOf(e) !== "user_not_in_channel") throw e;
      await this.directMessage(user, message);
    }
  }

  async edit(ref: MessageRef, message: OutboundMessage): Promise<void> {
    await this.call("chat.update", (c) =>
      c.chat.update({ channel: ref.channelId, ts: ref.messageId, ...messageBody(message) }),
    );
  }

  async hide(ref: MessageRef): Promise<HideOutcome> {
    if (!this.config.adminUserToken) return "unsupported";
    await this.deleteAsAdmin(ref.channelId, ref.messageId);
    return "deleted";
  }

  private async deleteAsAdmin(channel: string, ts: string): Promise<void> {
    if (this.config.adminUserToken) await deleteMessage(this.call, this.config.adminUserToken, channel, ts);
  }

  async restrict(channel: ChannelRef, user: UserRef, until: Date): Promise<void> {
    this.requireMute();
    await this.restrictions.mute(channel.id, user.id, until, this.now());
  }

  /** Lifts a mute and, as an upheld appeal should, a ban kept by remove({ ban: true }); never throws "unsupported". */
  async unrestrict(channel: ChannelRef, user: UserRef): Promise<void> {
    await this.restrictions.unban(channel.id, user.id);
    await this.restrictions.unmute(channel.id, user.id);
  }

  private requireMute(): void {
    if (this.capabilities.restrictMembers) return;
    throw new CodedError(
      ErrorCodes.chatUnsupported,
      "Slack has no mute; set SLACK_ADMIN_USER_TOKEN so the bot can delete a muted member's messages",
    );
  }

  async remove(channel: ChannelRef, user: UserRef, options: { ban: boolean }): Promise<void> {
    await this.kick(channel.id, user.id);
    // Slack has no channel ban: the adapter remembers it and removes the member again if they rejoin.
    if (options.ban) await this.restrictions.ban(channel.id, user.id);
  }

  private kick(channel: string, user: string): Promise<void> {
    return kickMember(this.call, this.config.adminUserToken, channel, user);
  }

  async openForm(origin: ChatCommand | ChatAction, form: FormSpec): Promise<void> {
    const triggerId = (origin.raw as { trigger_id?: unknown } | undefined)?.trigger_id;
    if (typeof triggerId !== "string") {
      throw new CodedError(
        ErrorCodes.chatUnsupported,
        "Slack opens a form only from a slash command or a button press (it needs their trigger_id)",
      );
    }
    const view = formView(form, origin.channel.id);
    await this.call("views.open", (c) => c.views.open({ trigger_id: triggerId, view: view as never }));
  }
}

/** Creates the Slack adapter from a config (validated here; see slackConfigFromEnv for the environment). */
export function createSlackAdapter(config: SlackAdapterConfigInput, options: SlackAdapterOptions = {}): SlackAdapter {
  return new SlackAdapter(parseSlackConfig(config), options);
}
