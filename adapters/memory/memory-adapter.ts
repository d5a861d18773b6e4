import type { AdapterEnv, ChatAdapter, InboundHandler } from "../../src/chat/adapter.js";
import { parseCommandText } from "../../src/chat/command-text.js";
import type {
  AdapterCapabilities,
  AdapterHealth,
  Attachment,
  ChannelRef,
  ChatAction,
  ChatCommand,
  DirectResult,
  FormSpec,
  HideOutcome,
  MessageRef,
  OutboundMessage,
  UserRef,
} from "../../src/chat/types.js";
import { ChatWorld } from "./world.js";

export interface MemoryAdapterConfig {
  /** Platform name reported to the core. @defaultValue "memory" */
  platform?: string;
  /** Shared world (the local web chat passes its own). */
  world?: ChatWorld;
  /** Bot's user id in the world. @defaultValue "bot" */
  botId?: string;
  /** Bot's display name. @defaultValue "Watchkeeper" */
  botName?: string;
}

/**
 * The in-memory adapter: the bot's side of a ChatWorld. Tests and the local web chat act as people
 * through the `as…` methods, which deliver events to the core exactly as a platform adapter would.
 */
export class MemoryAdapter implements ChatAdapter {
  readonly platform: string;
  readonly capabilities: AdapterCapabilities = {
    deleteMessages: true,
    restrictMembers: true,
    removeMembers: true,
    ephemeral: true,
    editMessages: true,
    directMessages: true,
  };
  readonly world: ChatWorld;
  readonly botId: string;
  readonly botName: string;
  private handler: InboundHandler | undefined;
  private env: AdapterEnv | undefined;
  private running = false;

  constructor(config: MemoryAdapterConfig = {}) {
    this.platform = config.platform ?? "memory";
    this.world = config.world ?? new ChatWorld();
    this.botId = config.botId ?? "bot";
    this.botName = config.botName ?? "Watchkeeper";
  }

  async start(handler: InboundHandler, env: AdapterEnv): Promise<void> {
    this.handler = handler;
    this.env = env;
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.handler = undefined;
  }

  health(): AdapterHealth {
    return this.running ? { ok: true } : { ok: false, detail: "not started" };
  }

  protected now(): Date {
    return this.env?.clock.now() ?? new Date();
  }

  private ref(channelId: string, messageId: string): MessageRef {
    return { platform: this.platform, channelId, messageId };
  }

  private channelRef(channelId: string): ChannelRef {
    const ch = this.world.ensureChannel(channelId);
    return { platform: this.platform, id: ch.id, kind: ch.kind, title: ch.title };
  }

  async post(channel: ChannelRef, message: OutboundMessage): Promise<MessageRef> {
    this.world.ensureChannel(channel.id, channel.kind, channel.title);
    const m = this.world.addMessage({
      channelId: channel.id,
      senderId: this.botId,
      senderName: this.botName,
      text: message.text,
      buttons: message.buttons ?? [],
      at: this.now(),
      fromBot: true,
      replyTo: message.replyTo?.messageId,
      attachments: [],
    });
    return this.ref(channel.id, m.id);
  }

  async directMessage(user: UserRef, message: OutboundMessage): Promise<DirectResult> {
    const ch = this.world.directChannelOf(user.id);
    return this.post({ platform: this.platform, id: ch.id, kind: "direct" }, message);
  }

  async ephemeral(channel: ChannelRef, user: UserRef, message: OutboundMessage): Promise<void> {
    this.world.addMessage({
      channelId: channel.id,
      senderId: this.botId,
      senderName: this.botName,
      text: message.text,
      buttons: message.buttons ?? [],
      at: this.now(),
      fromBot: true,
      visibleTo: user.id,
      attachments: [],
    });
  }

  async edit(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const m = this.world.find(ref);
    if (!m) throw new Error(`no message ${ref.messageId} in ${ref.channelId}`);
    m.text = message.text;
    m.buttons = message.buttons ?? [];
    m.edited = true;
    this.world.changed("edit", m);
  }

  async hide(ref: MessageRef): Promise<HideOutcome> {
    const m = this.world.find(ref);
    if (!m) return "deleted";
    m.hidden = true;
    this.world.changed("hide", m);
    return "deleted";
  }

  async unhide(ref: MessageRef): Promise<boolean> {
    const m = this.world.find(ref);
    if (!m) return false;
    m.hidden = false;
    this.world.changed("unhide", m);
    return true;
  }

  async restrict(channel: ChannelRef, user: UserRef, until: Date): Promise<void> {
    this.world.ensureChannel(channel.id).restrictedUntil.set(user.id, until.getTime());
    this.world.changed("restrict", { channel: channel.id, user: user.id, until });
  }

  async unrestrict(channel: ChannelRef, user: UserRef): Promise<void> {
    this.world.ensureChannel(channel.id).restrictedUntil.delete(user.id);
    this.world.changed("unrestrict", { channel: channel.id, user: user.id });
  }

  async remove(channel: ChannelRef, user: UserRef, options: { ban: boolean }): Promise<void> {
    const ch = this.world.ensureChannel(channel.id);
    ch.members.delete(user.id);
    if (options.ban) ch.banned.add(user.id);
    this.world.changed("remove", { channel: channel.id, user: user.id, ban: options.ban });
  }

  async openForm(origin: ChatCommand | ChatAction, form: FormSpec): Promise<void> {
    const user = "sender" in origin ? origin.sender : origin.user;
    this.world.forms.push({ id: this.world.nextId("f"), userId: user.id, channelId: origin.channel.id, spec: form });
    this.world.changed("form", { user: user.id });
  }

  // ---- the people's side: deliver events as the platform would ----

  private async deliver(event: Parameters<InboundHandler>[0]): Promise<void> {
    if (!this.handler) throw new Error("adapter not started");
    await this.handler(event);
  }

  private user(userId: string, name?: string): UserRef {
    return { platform: this.platform, id: userId, ...(name ? { displayName: name } : {}) };
  }

  /** A person types `text` in a channel: a command when it starts with "/", otherwise a message. */
  async asUserSay(
    userId: string,
    channelId: string,
    text: string,
    options: { name?: string; attachments?: Attachment[]; replyTo?: string } = {},
  ): Promise<MessageRef> {
    const ch = this.world.ensureChannel(channelId, channelId.startsWith("dm:") ? "direct" : "group");
    if (ch.banned.has(userId)) throw new Error(`${userId} is banned from ${channelId}`);
    if (this.world.isRestricted(channelId, userId, this.now().getTime())) {
      throw new Error(`${userId} is muted in ${channelId}`);
    }
    ch.members.add(userId);
    const m = this.world.addMessage({
      channelId,
      senderId: userId,
      senderName: options.name ?? userId,
      text,
      buttons: [],
      at: this.now(),
      fromBot: false,
      replyTo: options.replyTo,
      attachments: options.attachments ?? [],
    });
    const ref = this.ref(channelId, m.id);
    const channel = this.channelRef(channelId);
    const sender = this.user(userId, options.name);
    const replyTo = options.replyTo ? this.ref(channelId, options.replyTo) : undefined;
    const cmd = parseCommandText(text);
    if (cmd) {
      await this.deliver({
        type: "command",
        command: {
          name: cmd.name,
          args: cmd.args,
          channel,
          sender,
          sentAt: m.at,
          ref,
          ...(replyTo ? { replyTo } : {}),
        },
      });
    } else {
      await this.deliver({
        type: "message",
        message: {
          ref,
          channel,
          sender,
          text,
          attachments: m.attachments,
          sentAt: m.at,
          ...(replyTo ? { replyTo } : {}),
        },
      });
    }
    return ref;
  }

  /** A person edits their message. */
  async asUserEdit(userId: string, ref: MessageRef, text: string): Promise<void> {
    const m = this.world.find(ref);
    if (!m || m.senderId !== userId) throw new Error("only the sender can edit a message");
    m.text = text;
    m.edited = true;
    await this.deliver({
      type: "message",
      message: {
        ref,
        channel: this.channelRef(ref.channelId),
        sender: this.user(userId, m.senderName),
        text,
        attachments: m.attachments,
        sentAt: this.now(),
        edited: true,
      },
    });
  }

  /** A person presses a button on a bot message. */
  async asUserPress(userId: string, ref: MessageRef, actionId: string, input?: string): Promise<void> {
    const m = this.world.find(ref);
    const button = m?.buttons.flat().find((b) => b.actionId === actionId);
    if (!m || !button) throw new Error(`no button ${actionId} on message ${ref.messageId}`);
    await this.deliver({
      type: "action",
      action: {
        actionId,
        value: button.value,
        ...(input !== undefined ? { input } : {}),
        channel: this.channelRef(ref.channelId),
        user: this.user(userId),
        message: ref,
        at: this.now(),
      },
    });
  }

  /** A person submits the latest form shown to them. */
  async asUserSubmitForm(userId: string, values: Record<string, string>): Promise<void> {
    const idx = this.world.forms.findLastIndex((f) => f.userId === userId);
    const form = this.world.forms[idx];
    if (!form) throw new Error(`no open form for ${userId}`);
    this.world.forms.splice(idx, 1);
    await this.deliver({
      type: "form",
      submission: {
        formId: form.spec.formId,
        values,
        context: form.spec.context,
        channel: this.channelRef(form.channelId),
        user: this.user(userId),
        at: this.now(),
      },
    });
  }
}

export function createMemoryAdapter(config: MemoryAdapterConfig = {}): MemoryAdapter {
  return new MemoryAdapter(config);
}
