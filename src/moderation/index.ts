/** The moderation engine (pure): normaliser, matcher, detectors, insult model, verdict and strike ladder. */
export { createModerationEngine, type ModerationEngine, type ModerationEngineOptions } from "./engine.js";
export { actionLabel, categoryLabel } from "./labels.js";
export type { LexiconStats } from "./matcher.js";
export { loadPolicy, type ModerationPolicy } from "./policy.js";
export { applyStrikeLadder, type LadderDecision, type PriorStrike } from "./strike-ladder.js";
export {
  ACTIONS,
  type Action,
  type Attachment,
  CATEGORIES,
  type Category,
  type ModerationInput,
  type Redaction,
  SEVERITIES,
  type Severity,
  type Span,
  type Verdict,
} from "./types.js";
