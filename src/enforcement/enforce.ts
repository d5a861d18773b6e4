import type { AppContext } from "../app/context.js";
import type { ChatAdapter } from "../chat/adapter.js";
import type { ChannelRef, MessageRef, UserRef } from "../chat/types.js";
import { CodedError, ErrorCodes } from "../core/errors.js";
import type { Locale } from "../i18n/i18n.js";
import {
  type Action,
  actionLabel,
  applyStrikeLadder,
  categoryLabel,
  type ModerationEngine,
  type Verdict,
} from "../moderation/index.js";
import { metricsOf } from "../observability/metrics.js";
import type { GroupInfo, PersonInfo } from "../org/directory.js";
import { messageCode } from "./message-code.js";
import { t } from "./messages.js";
import { responsibleOfficers } from "./officers.js";

/** Opens an incident for the gravest verdicts; supplied by the incidents feature when it is installed. */
export type EscalateFn = (input: {
  verdict: Verdict;
  storedId: string;
  group: GroupInfo | null;
  sender: PersonInfo | null;
  senderRef: string;
}) => Promise<{ number: string } | null>;

export interface EnforceTarget {
  adapter: ChatAdapter;
  channel: ChannelRef;
  user: UserRef;
  person: PersonInfo | null;
  group: GroupInfo | null;
  locale: Locale;
  ref: MessageRef;
  storedId: string;
  /** The text as stored (redacted when it held secrets). */
  text: string;
}

export interface EnforceResult {
  action: Action;
  hidden: "deleted" | "unsupported" | "failed" | "not_needed";
  effects: string[];
  incident?: string;
}

const strikeActions: Action[] = ["warn", "mute", "remove", "escalate"];

function labels(verdict: Verdict, locale: Locale): string {
  return verdict.categories.map((c) => categoryLabel(locale, c)).join("、");
}

/**
 * Carries out a verdict on the platform: hides the message (the stored copy stays as evidence), climbs
 * the member's strike ladder, mutes/removes/escalates as it says, tells the sender privately why and
 * how to appeal, and records everything. A platform refusal is reported to the responsible officer,
 * never swallowed.
 */
export async function enforce(
  app: AppContext,
  engine: ModerationEngine,
  target: EnforceTarget,
  verdict: Verdict,
  escalate: EscalateFn | undefined,
): Promise<EnforceResult> {
  const prisma = app.db.prisma;
  const now = app.clock.now();
  const { adapter, channel, user, storedId, locale } = target;
  const code = messageCode(storedId);

  if (!verdict.flagged || verdict.action === "none") {
    await prisma.storedMessage.update({
      where: { id: storedId },
      data: { moderationState: "done", verdict: verdict as object, actionTaken: "none", moderationError: null },
    });
    return { action: "none", hidden: "not_needed", effects: [] };
  }

  const windowMs = engine.policy.strikeLadder.windowDays * 86_400_000;
  const prior = verdict.exempted
    ? []
    : await prisma.moderationStrike.findMany({
        where: {
          platform: adapter.platform,
          userExternalId: user.id,
          clearedAt: null,
          at: { gt: new Date(now.getTime() - windowMs) },
        },
        select: { at: true, action: true },
      });
  const decision = verdict.exempted
    ? { action: verdict.action }
    : applyStrikeLadder(
        verdict.action,
        prior.map((p) => ({ at: p.at, action: p.action as Action })),
        now,
        engine.policy,
      );
  const effects: string[] = [];
  const problems: string[] = [];

  let hidden: EnforceResult["hidden"] = "not_needed";
  if (decision.action !== "none") {
    try {
      hidden = await adapter.hide(target.ref);
    } catch (e) {
      hidden = "failed";
      problems.push((e as Error).message);
    }
    effects.push(`hide:${hidden}`);
  }

  const officers = target.group ? await responsibleOfficers(app.directory, target.group.unitId) : [];
  const groupName = target.group?.name ?? channel.title ?? channel.id;
  const alertOfficers = async () => {
    for (const o of officers) {
      await app.chat.notifyPerson(o.id, {
        text: t(o.locale ?? app.config.locale, "officerAlert", {
          group: groupName,
          code,
          sender: target.person?.name ?? user.displayName ?? user.id,
          categories: labels(verdict, o.locale ?? app.config.locale),
          text: target.text.slice(0, 500),
        }),
      });
    }
    effects.push(`officers:${officers.map((o) => o.id).join(",")}`);
  };
  if (hidden === "unsupported" || hidden === "failed") {
    await adapter
      .post(channel, {
        text: t(app.config.locale, "groupWarning", { categories: labels(verdict, app.config.locale), code }),
        replyTo: target.ref,
      })
      .catch((e: Error) => problems.push(e.message));
    await alertOfficers();
  }

  const notices: string[] = [];
  let incident: string | undefined;
  try {
    if (decision.action === "mute") {
      if (!adapter.capabilities.restrictMembers)
        throw new CodedError(ErrorCodes.chatUnsupported, `${adapter.platform} cannot mute members`);
      const muteFor = "muteFor" in decision && decision.muteFor ? decision.muteFor : 3600_000;
      await adapter.restrict(channel, user, new Date(now.getTime() + muteFor));
      notices.push(t(locale, "mutedFor", { minutes: Math.round(muteFor / 60_000) }));
      effects.push(`restrict:${muteFor}`);
    } else if (decision.action === "remove") {
      await adapter.remove(channel, user, { ban: false });
      notices.push(t(locale, "removed"));
      effects.push("remove");
    }
  } catch (e) {
    problems.push((e as Error).message);
    effects.push(`member_action_failed:${(e as CodedError).code ?? "error"}`);
    if (hidden !== "unsupported" && hidden !== "failed") await alertOfficers();
  }
  if (decision.action === "escalate" || engine.policy.gravest.some((c) => verdict.categories.includes(c))) {
    if (escalate) {
      const opened = await escalate({
        verdict,
        storedId,
        group: target.group,
        sender: target.person,
        senderRef: `${adapter.platform}:${user.id}`,
      });
      if (opened) {
        incident = opened.number;
        notices.push(t(locale, "escalated", { incident: opened.number }));
        effects.push(`incident:${opened.number}`);
      }
    } else if (!effects.some((e) => e.startsWith("officers:"))) {
      await alertOfficers();
    }
  }

  if (strikeActions.includes(decision.action) && !verdict.exempted) {
    await prisma.moderationStrike.create({
      data: {
        platform: adapter.platform,
        userExternalId: user.id,
        personId: target.person?.id ?? null,
        groupId: target.group?.id ?? null,
        channelExternalId: channel.id,
        messageId: storedId,
        categories: verdict.categories,
        action: decision.action,
        at: now,
      },
    });
  }

  // Tell the sender privately: why, what happened, how to appeal (and to change a leaked password).
  const lines = [
    t(locale, "hiddenNotice", {
      group: groupName,
      code,
      categories: labels(verdict, locale),
      action: actionLabel(locale, decision.action),
    }),
    ...notices,
    ...(verdict.notifySenderToRotateCredential ? [t(locale, "rotateCredential")] : []),
    t(locale, "appealHint", { code }),
  ];
  const notice = {
    text: lines.join("\n"),
    buttons: [
      [
        {
          actionId: "moderation.appeal",
          label: t(locale, "appealButton"),
          value: { message: storedId },
          input: { label: t(locale, "appealReason") },
        },
      ],
    ],
  };
  await adapter.ephemeral(channel, user, notice).catch((e: Error) => problems.push(e.message));
  if (adapter.capabilities.ephemeral && adapter.capabilities.directMessages) {
    await adapter.directMessage(user, notice).catch((e: Error) => problems.push(e.message));
  }

  await prisma.storedMessage.update({
    where: { id: storedId },
    data: {
      moderationState: "done",
      moderationError: problems.length ? problems.join("; ").slice(0, 1000) : null,
      verdict: verdict as object,
      actionTaken: decision.action,
      hidden: hidden === "deleted",
    },
  });
  const metrics = metricsOf(app);
  for (const c of verdict.categories) metrics.messagesModerated.inc({ category: c, action: decision.action });
  if (problems.length) metrics.adapterErrors.inc({ platform: adapter.platform, kind: "moderation_action" });
  await app.audit.append({
    actor: "system",
    action: "moderation.enforced",
    subjectType: "message",
    subjectId: storedId,
    data: {
      categories: verdict.categories,
      verdictAction: verdict.action,
      action: decision.action,
      effects,
      problems,
      exempted: verdict.exempted,
    },
  });
  return { action: decision.action, hidden, effects, ...(incident ? { incident } : {}) };
}
