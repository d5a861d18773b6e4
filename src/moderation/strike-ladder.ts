import { actionRank, type ModerationPolicy } from "./policy.js";
import type { Action } from "./types.js";

/** A strike a member received earlier (when, and optionally what action it led to). */
export interface PriorStrike {
  at: Date | number;
  action?: Action;
}

/** The ladder's answer: the action to take and, for a mute, for how long (milliseconds). */
export interface LadderDecision {
  action: Action;
  muteFor?: number;
}

/**
 * Climbs the per-member strike ladder: strikes inside the policy window decide the step
 * (warn → mute → longer mute → remove). Actions outside `appliesTo` (none, hide, remove,
 * escalate) pass through unchanged; the ladder never lowers an action.
 */
export function applyStrikeLadder(
  verdictAction: Action,
  priorStrikes: readonly PriorStrike[],
  now: Date | number,
  policy: Pick<ModerationPolicy, "strikeLadder">,
): LadderDecision {
  const ladder = policy.strikeLadder;
  if (!ladder.appliesTo.includes(verdictAction)) return { action: verdictAction };
  const nowMs = typeof now === "number" ? now : now.getTime();
  const since = nowMs - ladder.windowDays * 86_400_000;
  const count = priorStrikes.filter((s) => {
    const t = typeof s.at === "number" ? s.at : s.at.getTime();
    return t > since && t <= nowMs;
  }).length;
  let step = ladder.steps[0]!;
  for (const s of ladder.steps) if (s.priorStrikes <= count) step = s;
  const action = actionRank(step.action) > actionRank(verdictAction) ? step.action : verdictAction;
  if (action !== "mute") return { action };
  // A mute lasts as long as the step says; a verdict that asks for a mute below the ladder gets the first mute length.
  const minutes =
    step.action === "mute" ? step.muteMinutes : ladder.steps.find((s) => s.action === "mute")?.muteMinutes;
  return { action, muteFor: (minutes ?? 60) * 60_000 };
}
