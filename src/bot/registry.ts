import type { ChatAdapter } from "../chat/adapter.js";
import type {
  ChannelRef,
  ChatAction,
  ChatCommand,
  ChatMessage,
  FormSubmission,
  OutboundMessage,
  UserRef,
} from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";
import type { GroupInfo, PersonInfo } from "../org/directory.js";

/** What every handler gets: who acted, where, in which language, and how to answer. */
export interface TurnContext {
  adapter: ChatAdapter;
  channel: ChannelRef;
  user: UserRef;
  /** The org person behind the chat user, or null when they are not in the directory yet. */
  person: PersonInfo | null;
  /** The org group bound to the channel, or null (direct chats, unbound groups). */
  group: GroupInfo | null;
  locale: Locale;
  /** Answers in the channel where the user acted. */
  reply(message: OutboundMessage): Promise<void>;
  /** Answers so that only the user sees it (ephemeral, else direct message). */
  replyPrivately(message: OutboundMessage): Promise<void>;
}

export interface CommandContext extends TurnContext {
  command: ChatCommand;
}
export interface ActionContext extends TurnContext {
  action: ChatAction;
}
export interface FormContext extends TurnContext {
  submission: FormSubmission;
}
export interface MessageContext extends TurnContext {
  message: ChatMessage;
  /** Id of the StoredMessage row (evidence) once the store stage ran. */
  storedId?: string;
  /**
   * Set by a stage before the store stage when the text holds secrets (leaked passwords, keys): the
   * store keeps this instead, with the hash of the original content, so no secret reaches the disk.
   */
  redactedText?: string;
  /** Set by a stage to stop later stages (e.g. the message was hidden). */
  stopped?: boolean;
}

export interface CommandDef {
  name: string;
  aliases?: string[];
  description: Record<Locale, string>;
  /** Usage line shown by /help and on a malformed command. */
  usage?: Record<Locale, string>;
  handle(ctx: CommandContext): Promise<void>;
}

export interface ActionDef {
  /** Exact actionId, or a prefix ending in "." (e.g. "incident.") */
  actionId: string;
  handle(ctx: ActionContext): Promise<void>;
}

export interface FormDef {
  formId: string;
  handle(ctx: FormContext): Promise<void>;
}

export interface MessageStage {
  name: string;
  /** Lower runs first. store=10, moderation=50, … */
  order: number;
  handle(ctx: MessageContext): Promise<void>;
}

/** Everything features register with the bot. */
export class BotRegistry {
  readonly commands = new Map<string, CommandDef>();
  private readonly actions: ActionDef[] = [];
  readonly forms = new Map<string, FormDef>();
  private readonly stages: MessageStage[] = [];

  command(def: CommandDef): void {
    for (const n of [def.name, ...(def.aliases ?? [])]) {
      if (this.commands.has(n)) throw new Error(`command /${n} registered twice`);
      this.commands.set(n, def);
    }
  }

  action(def: ActionDef): void {
    this.actions.push(def);
  }

  form(def: FormDef): void {
    if (this.forms.has(def.formId)) throw new Error(`form ${def.formId} registered twice`);
    this.forms.set(def.formId, def);
  }

  stage(stage: MessageStage): void {
    this.stages.push(stage);
    this.stages.sort((a, b) => a.order - b.order);
  }

  findAction(actionId: string): ActionDef | undefined {
    return (
      this.actions.find((a) => a.actionId === actionId) ??
      this.actions.find((a) => a.actionId.endsWith(".") && actionId.startsWith(a.actionId))
    );
  }

  messageStages(): readonly MessageStage[] {
    return this.stages;
  }

  /** Distinct commands (aliases folded), for /help and platform registration. */
  commandList(): CommandDef[] {
    return [...new Set(this.commands.values())];
  }
}
