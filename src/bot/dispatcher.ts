import type { AuditLog } from "../audit/audit-log.js";
import type { ChatAdapter } from "../chat/adapter.js";
import type { ChannelRef, InboundEvent, OutboundMessage, UserRef } from "../chat/types.js";
import { asCodedError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Locale } from "../i18n/i18n.js";
import type { Directory } from "../org/directory.js";
import { t } from "./messages.js";
import type { BotRegistry, MessageContext, TurnContext } from "./registry.js";

export interface DispatcherDeps {
  registry: BotRegistry;
  directory: Directory;
  audit: AuditLog;
  logger: Logger;
  defaultLocale: Locale;
}

/**
 * Turns an adapter's inbound events into calls on what features registered: resolves who and where,
 * picks the language, and routes commands, button presses, forms and messages.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** The InboundHandler for one adapter. */
  handlerFor(adapter: ChatAdapter): (event: InboundEvent) => Promise<void> {
    return (event) => this.dispatch(adapter, event);
  }

  async turn(adapter: ChatAdapter, channel: ChannelRef, user: UserRef): Promise<TurnContext> {
    const { directory, defaultLocale } = this.deps;
    const [person, group] = await Promise.all([
      directory.personByChat(adapter.platform, user.id),
      channel.kind === "group" ? directory.groupByChannel(adapter.platform, channel.id) : Promise.resolve(null),
    ]);
    const reply = async (m: OutboundMessage) => {
      await adapter.post(channel, m);
    };
    return {
      adapter,
      channel,
      user,
      person,
      group,
      locale: person?.locale ?? defaultLocale,
      reply,
      replyPrivately: async (m) => {
        if (channel.kind === "direct") await reply(m);
        else await adapter.ephemeral(channel, user, m);
      },
    };
  }

  async dispatch(adapter: ChatAdapter, event: InboundEvent): Promise<void> {
    const { registry, logger } = this.deps;
    switch (event.type) {
      case "command": {
        const { command } = event;
        const ctx = await this.turn(adapter, command.channel, command.sender);
        const def = registry.commands.get(command.name);
        if (!def) {
          await ctx.replyPrivately({ text: t(ctx.locale, "unknownCommand", { name: command.name }) });
          return;
        }
        await this.guard(ctx, `command /${command.name}`, () => def.handle({ ...ctx, command }));
        return;
      }
      case "action": {
        const { action } = event;
        const ctx = await this.turn(adapter, action.channel, action.user);
        const def = registry.findAction(action.actionId);
        if (!def) {
          await ctx.replyPrivately({ text: t(ctx.locale, "staleButton") });
          return;
        }
        await this.guard(ctx, `action ${action.actionId}`, () => def.handle({ ...ctx, action }));
        return;
      }
      case "form": {
        const { submission } = event;
        const ctx = await this.turn(adapter, submission.channel, submission.user);
        const def = registry.forms.get(submission.formId);
        if (!def) {
          await ctx.replyPrivately({ text: t(ctx.locale, "unknownForm") });
          return;
        }
        await this.guard(ctx, `form ${submission.formId}`, () => def.handle({ ...ctx, submission }));
        return;
      }
      case "message": {
        const { message } = event;
        const ctx: MessageContext = { ...(await this.turn(adapter, message.channel, message.sender)), message };
        // A stage that throws must not lose the message: the store stage has kept it, and the stage
        // that failed records the failure for its own retry. Later stages still run.
        for (const stage of registry.messageStages()) {
          if (ctx.stopped) break;
          try {
            await stage.handle(ctx);
          } catch (e) {
            const err = asCodedError(e);
            logger.error(
              { code: err.code, err: err.message, stage: stage.name, platform: adapter.platform },
              "message stage failed",
            );
            if (stage.order <= 10) throw err; // storing failed: let the adapter see it (platform retries)
          }
        }
        return;
      }
    }
  }

  /** Runs a handler; on failure tells the user kindly and logs the code and details. */
  private async guard(ctx: TurnContext, what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const err = asCodedError(e);
      this.deps.logger.error(
        { code: err.code, err: err.message, what, platform: ctx.adapter.platform },
        "handler failed",
      );
      await ctx.replyPrivately({ text: t(ctx.locale, "failed", { code: err.code }) }).catch(() => {});
    }
  }
}
