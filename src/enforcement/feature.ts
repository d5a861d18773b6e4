import type { AppContext, Feature } from "../app/context.js";
import type { MessageContext } from "../bot/registry.js";
import { asCodedError } from "../core/errors.js";
import { createModerationEngine, type ModerationEngine, type Verdict } from "../moderation/index.js";
import { Appeals } from "./appeals.js";
import { type EscalateFn, enforce } from "./enforce.js";
import { evidenceCommand } from "./evidence-command.js";
import { Judge } from "./judge.js";
import { t } from "./messages.js";
import { defaultRetryDelaysMs, ModerationRetry } from "./retry.js";

export interface ModerationFeatureOptions {
  /** A ready engine (tests inject one); otherwise built from the shipped or configured policy. */
  engine?: ModerationEngine;
  /** Opens an incident for the gravest verdicts (the incidents feature supplies it). */
  escalate?: (app: AppContext) => EscalateFn;
  /** Delays between retries of a message whose moderation failed. */
  retryDelaysMs?: number[];
}

/**
 * Moderation at work in the groups: judges every group message before it is stored (so leaked secrets
 * are stored redacted), then enforces the verdict; a message whose moderation fails is kept and retried.
 */
export function moderationFeature(options: ModerationFeatureOptions = {}): Feature {
  return {
    name: "moderation",
    install(app) {
      const policyDir = app.config.policyDir ? `${app.config.policyDir}/moderation` : undefined;
      const engine = options.engine ?? createModerationEngine(policyDir ? { policyDir } : {});
      const judge = new Judge(app, engine);
      const escalate = options.escalate?.(app);
      const verdicts = new WeakMap<MessageContext, Verdict>();
      const failures = new WeakMap<MessageContext, Error>();
      const appeals = new Appeals(app);

      const fail = async (storedId: string, e: unknown) => {
        const err = asCodedError(e, "watchkeeper_moderation_failed");
        const row = await app.db.prisma.storedMessage.update({
          where: { id: storedId },
          data: {
            moderationState: "failed",
            moderationAttempts: { increment: 1 },
            moderationError: `${err.code}: ${err.message}`.slice(0, 1000),
          },
          select: { moderationAttempts: true },
        });
        app.logger.warn(
          { code: err.code, err: err.message, message: storedId, attempts: row.moderationAttempts },
          "moderation failed; will retry",
        );
        await retry.schedule(storedId, row.moderationAttempts);
      };

      // Re-runs judge + enforce for a stored message, rebuilding the turn from the row.
      const retryMessage = async (storedId: string) => {
        const row = await app.db.prisma.storedMessage.findUnique({ where: { id: storedId } });
        if (!row || row.moderationState === "done") return;
        const adapter = app.chat.get(row.platform);
        if (!adapter) return; // the platform is not connected in this process; the sweep will find it again
        const person = row.senderPersonId ? await app.directory.person(row.senderPersonId) : null;
        const group = row.groupId ? await app.directory.group(row.groupId) : null;
        const message = {
          ref: { platform: row.platform, channelId: row.channelExternalId, messageId: row.messageExternalId },
          channel: { platform: row.platform, id: row.channelExternalId, kind: "group" as const },
          sender: {
            platform: row.platform,
            id: row.senderExternalId,
            ...(row.senderName ? { displayName: row.senderName } : {}),
          },
          text: row.text,
          attachments: (row.attachments ?? []) as { name: string }[],
          sentAt: row.sentAt,
        };
        try {
          const verdict = await judge.judge({ message, person, group });
          if (verdict.redactions.length && row.text !== verdict.redactedText) {
            await app.db.prisma.storedMessage.update({ where: { id: row.id }, data: { text: verdict.redactedText } });
          }
          await enforce(
            app,
            engine,
            {
              adapter,
              channel: message.channel,
              user: message.sender,
              person,
              group,
              locale: person?.locale ?? app.config.locale,
              ref: message.ref,
              storedId: row.id,
              text: verdict.redactions.length ? verdict.redactedText : row.text,
            },
            verdict,
            escalate,
          );
        } catch (e) {
          await fail(row.id, e);
        }
      };
      const retry = new ModerationRetry(app, retryMessage, options.retryDelaysMs ?? defaultRetryDelaysMs);

      app.bot.stage({
        name: "moderation.judge",
        order: 5,
        async handle(ctx) {
          if (ctx.message.channel.kind !== "group") return;
          try {
            const verdict = await judge.judge(ctx);
            verdicts.set(ctx, verdict);
            if (verdict.redactions.length) ctx.redactedText = verdict.redactedText;
          } catch (e) {
            failures.set(ctx, e as Error);
          }
        },
      });
      app.bot.stage({
        name: "moderation.enforce",
        order: 50,
        async handle(ctx) {
          if (!ctx.storedId) return;
          const failure = failures.get(ctx);
          const verdict = verdicts.get(ctx);
          if (failure || !verdict) {
            await fail(ctx.storedId, failure ?? new Error("no verdict"));
            return;
          }
          try {
            const r = await enforce(
              app,
              engine,
              {
                adapter: ctx.adapter,
                channel: ctx.channel,
                user: ctx.user,
                person: ctx.person,
                group: ctx.group,
                locale: ctx.locale,
                ref: ctx.message.ref,
                storedId: ctx.storedId,
                text: ctx.redactedText ?? ctx.message.text,
              },
              verdict,
              escalate,
            );
            if (r.action !== "none") ctx.stopped = true;
          } catch (e) {
            await fail(ctx.storedId, e);
          }
        },
      });

      app.bot.command({
        name: "appeal",
        description: { "zh-CN": t("zh-CN", "appealDesc"), en: t("en", "appealDesc") },
        usage: { "zh-CN": "/appeal <消息编号> <理由>", en: "/appeal <message ref> <reason>" },
        async handle(ctx) {
          const [code = "", ...rest] = ctx.command.args.split(/\s+/);
          await appeals.file(ctx, { code }, rest.join(" "));
        },
      });
      app.bot.command(evidenceCommand(app));
      app.bot.action({
        actionId: "moderation.appeal",
        async handle(ctx) {
          const storedId = ctx.action.value.message;
          if (storedId) await appeals.file(ctx, { storedId }, ctx.action.input ?? "");
        },
      });
      for (const decision of ["restore", "confirm"] as const) {
        app.bot.action({
          actionId: `moderation.${decision}`,
          async handle(ctx) {
            const id = ctx.action.value.appeal;
            if (id) await appeals.decide(ctx, id, decision, ctx.action.message);
          },
        });
      }

      app.onStart(() => retry.start());
      app.onStop(() => retry.stop());
    },
  };
}
