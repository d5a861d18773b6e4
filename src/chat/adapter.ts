import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { HttpRouter } from "../http/router.js";
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
} from "./types.js";

/** The core's handler for everything an adapter receives. It resolves when the event is durably handled. */
export type InboundHandler = (event: InboundEvent) => Promise<void>;

/** What the app gives an adapter when it starts. */
export interface AdapterEnv {
  /** Mount webhook routes on the app's HTTP server (same port as /healthz). */
  http: HttpRouter;
  logger: Logger;
  clock: Clock;
  /** Commands the core offers, for platforms that register them (Telegram setMyCommands, Slack manifest). */
  commands: readonly { name: string; description: string }[];
  /**
   * Returns true the first time a key is seen (durable, across restarts); adapters use it to process
   * each platform event once (Slack event_id, Telegram update_id).
   */
  firstTime(key: string): Promise<boolean>;
  /** Small durable state for the adapter (e.g. a polling offset). */
  state: { get<T>(key: string): Promise<T | undefined>; set(key: string, value: unknown): Promise<void> };
}

/**
 * One chat platform behind one interface. Every adapter passes the shared contract suite
 * (test/contract/chat-adapter.contract.ts).
 */
export interface ChatAdapter {
  readonly platform: string;
  readonly capabilities: AdapterCapabilities;

  /** Starts receiving; every inbound event goes to `handler`. */
  start(handler: InboundHandler, env: AdapterEnv): Promise<void>;
  /** Stops receiving and waits for in-flight work and queued outgoing calls. */
  stop(): Promise<void>;
  health(): AdapterHealth;

  /** Posts to a group (or a direct channel). */
  post(channel: ChannelRef, message: OutboundMessage): Promise<MessageRef>;
  /** Writes to a member one-to-one; null when the platform does not allow it yet. */
  directMessage(user: UserRef, message: OutboundMessage): Promise<DirectResult>;
  /** A message only `user` sees in `channel`; adapters without ephemeral messages fall back to a direct message. */
  ephemeral(channel: ChannelRef, user: UserRef, message: OutboundMessage): Promise<void>;
  /** Replaces the text and buttons of a message the bot sent. */
  edit(ref: MessageRef, message: OutboundMessage): Promise<void>;
  /** Hides a member's message from the group. The core keeps the stored copy as evidence. */
  hide(ref: MessageRef): Promise<HideOutcome>;
  /**
   * Shows a hidden message again, where the platform only hid it (optional). Platforms that deleted
   * it cannot; the core then reposts the stored copy on the author's behalf.
   */
  unhide?(ref: MessageRef): Promise<boolean>;
  /** Stops a member posting in a group until `until`. */
  restrict(channel: ChannelRef, user: UserRef, until: Date): Promise<void>;
  /** Lifts a restriction early (e.g. after an appeal is upheld). */
  unrestrict(channel: ChannelRef, user: UserRef): Promise<void>;
  /** Removes a member from a group; `ban` keeps them out. */
  remove(channel: ChannelRef, user: UserRef, options: { ban: boolean }): Promise<void>;
  /**
   * Shows a form to the member who sent `origin` (a command or a button press). Slack opens a modal,
   * the local chat a web form, Telegram a guided dialogue; the result arrives as a "form" event.
   */
  openForm(origin: ChatCommand | ChatAction, form: FormSpec): Promise<void>;
}
