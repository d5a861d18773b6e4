import type { ActionContext, CommandContext, TurnContext } from "../bot/registry.js";
import type { Locale } from "../i18n/i18n.js";
import type { Actor, IncidentView, Outcome } from "../incidents/index.js";
import { caseOf, incidentOf } from "./case-common.js";
import { closeCase, recordImplementation } from "./closing.js";
import { answerApproval, decide } from "./decision.js";
import { addFinding, addSubject, openCase, setMitigation, submitReport } from "./investigation.js";
import { m } from "./messages.js";
import { noticeDraft } from "./notice.js";
import {
  answersFromForm,
  parseYesNo,
  type ReviewAnswers,
  review,
  reviewForm,
  reviewFormId,
  reviewGate,
  reviewPoints,
} from "./review.js";
import type { AccountabilityService } from "./service.js";
import { caseStatus } from "./status.js";

function actorOf(ctx: TurnContext, via: string): Actor {
  return {
    personId: ctx.person?.id ?? null,
    auditId: ctx.person?.id ?? `${ctx.user.platform}:${ctx.user.id}`,
    locale: ctx.locale,
    via,
  };
}

const both = (key: Parameters<typeof m>[1]): Record<Locale, string> => ({ "zh-CN": m("zh-CN", key), en: m("en", key) });

async function say(ctx: TurnContext, o: Outcome): Promise<void> {
  await ctx.replyPrivately({ text: o.text });
}

async function status(svc: AccountabilityService, ctx: TurnContext, inc: IncidentView): Promise<void> {
  const c = await caseOf(svc, inc.id);
  if (!c) return ctx.replyPrivately({ text: m(ctx.locale, "noCase", { number: inc.number }) });
  await ctx.replyPrivately({ text: await caseStatus(svc, inc, c, ctx.locale) });
}

/** `/case review <inc>` opens the four-point form; `/case review <inc> 是 是 否 是 [意见…]` answers inline. */
async function reviewCommand(
  svc: AccountabilityService,
  ctx: CommandContext,
  inc: IncidentView,
  rest: string[],
): Promise<void> {
  const actor = actorOf(ctx, "command");
  if (rest.length === 0) {
    const gate = await reviewGate(svc, inc, actor);
    if (gate) return say(ctx, gate);
    return ctx.adapter.openForm(ctx.command, reviewForm(inc.number, ctx.locale));
  }
  const oks = rest.slice(0, 4).map(parseYesNo);
  if (oks.length < 4 || oks.some((o) => o === undefined))
    return ctx.replyPrivately({ text: m(ctx.locale, "reviewUsage") });
  const comment = rest.slice(4).join(" ");
  const answers = Object.fromEntries(
    reviewPoints.map((p, i) => [p, { ok: oks[i]!, comment: oks[i] ? "" : comment }]),
  ) as ReviewAnswers;
  await say(ctx, await review(svc, inc, answers, actor));
}

/** The `/case` command and its buttons and form. */
export function registerCaseCommands(svc: AccountabilityService): void {
  const bot = svc.app.bot;
  bot.command({
    name: "case",
    aliases: ["追责"],
    description: both("caseDesc"),
    usage: both("caseUsage"),
    async handle(ctx) {
      const words = ctx.command.args.split(/\s+/).filter(Boolean);
      const verbs = [
        "open",
        "finding",
        "evidence",
        "subject",
        "mitigate",
        "report",
        "review",
        "decide",
        "implement",
        "close",
        "notice",
        "status",
      ];
      const verb = words[0] && verbs.includes(words[0].toLowerCase()) ? words.shift()!.toLowerCase() : "status";
      const number = words.shift();
      if (!number) return ctx.replyPrivately({ text: m(ctx.locale, "caseUsage") });
      const inc = await incidentOf(svc, number);
      if (!inc) return ctx.replyPrivately({ text: m(ctx.locale, "noIncident", { number }) });
      const actor = actorOf(ctx, "command");
      const text = words.join(" ");
      switch (verb) {
        case "open":
          return say(ctx, await openCase(svc, inc, actor));
        case "finding":
        case "evidence":
          return say(ctx, await addFinding(svc, inc, verb, text, actor));
        case "subject":
          return say(ctx, await addSubject(svc, inc, words, actor));
        case "mitigate": {
          const [seq, kind, ...note] = words;
          return say(ctx, await setMitigation(svc, inc, Number(seq), kind ?? "", note.join(" "), actor));
        }
        case "report":
          return say(ctx, await submitReport(svc, inc, text, actor));
        case "review":
          return reviewCommand(svc, ctx, inc, words);
        case "decide": {
          const [seq, sanction, ...rest] = words;
          if (!seq || !sanction || !Number.isInteger(Number(seq)))
            return ctx.replyPrivately({ text: m(ctx.locale, "decideUsage") });
          const ref = rest.find((w) => w.startsWith("ref="));
          const reason = rest.filter((w) => w !== ref).join(" ");
          return say(
            ctx,
            await decide(
              svc,
              inc,
              { seq: Number(seq), sanction, reason, ...(ref ? { reference: ref.slice(4) } : {}) },
              actor,
            ),
          );
        }
        case "implement":
          return say(ctx, await recordImplementation(svc, inc, text, actor));
        case "close":
          return say(ctx, await closeCase(svc, inc, actor));
        case "notice": {
          const c = await caseOf(svc, inc.id);
          if (!c || !["decided", "implemented", "closed"].includes(c.state))
            return ctx.replyPrivately({ text: m(ctx.locale, "noticeNotDecided", { number: inc.number }) });
          return ctx.replyPrivately({ text: await noticeDraft(svc, inc, c, ctx.locale) });
        }
        default:
          return status(svc, ctx, inc);
      }
    },
  });

  const withInc =
    (handle: (ctx: ActionContext, inc: IncidentView, actor: Actor) => Promise<void>) => async (ctx: ActionContext) => {
      const inc = await incidentOf(svc, ctx.action.value.incident ?? "");
      if (!inc)
        return ctx.replyPrivately({ text: m(ctx.locale, "noIncident", { number: ctx.action.value.incident ?? "" }) });
      return handle(ctx, inc, actorOf(ctx, "button"));
    };
  bot.action({ actionId: "case.status", handle: withInc((ctx, inc) => status(svc, ctx, inc)) });
  bot.action({
    actionId: "case.finding",
    handle: withInc(async (ctx, inc, a) => say(ctx, await addFinding(svc, inc, "finding", ctx.action.input ?? "", a))),
  });
  bot.action({
    actionId: "case.report",
    handle: withInc(async (ctx, inc, a) => say(ctx, await submitReport(svc, inc, ctx.action.input ?? "", a))),
  });
  bot.action({
    actionId: "case.implement",
    handle: withInc(async (ctx, inc, a) => say(ctx, await recordImplementation(svc, inc, ctx.action.input ?? "", a))),
  });
  bot.action({
    actionId: "case.review",
    handle: withInc(async (ctx, inc, a) => {
      const gate = await reviewGate(svc, inc, a);
      if (gate) return say(ctx, gate);
      await ctx.adapter.openForm(ctx.action, reviewForm(inc.number, ctx.locale));
    }),
  });
  for (const [actionId, ok] of [
    ["case.approve", true],
    ["case.reject", false],
  ] as const) {
    bot.action({
      actionId,
      async handle(ctx) {
        await say(
          ctx,
          await answerApproval(
            svc,
            ctx.action.value.approval ?? "",
            ok,
            ctx.action.input ?? "",
            actorOf(ctx, "button"),
          ),
        );
      },
    });
  }
  bot.form({
    formId: reviewFormId,
    async handle(ctx) {
      const inc = await incidentOf(svc, ctx.submission.context.incident ?? "");
      if (!inc)
        return ctx.replyPrivately({
          text: m(ctx.locale, "noIncident", { number: ctx.submission.context.incident ?? "" }),
        });
      const answers = answersFromForm(ctx.submission.values);
      if (!answers) return ctx.replyPrivately({ text: m(ctx.locale, "reviewUsage") });
      await say(ctx, await review(svc, inc, answers, actorOf(ctx, "form")));
    },
  });
}
