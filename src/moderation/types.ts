/** The sixteen prohibited-content categories of DOMAIN.md §2, in table order. */
export const CATEGORIES = [
  "subversion",
  "anti_law",
  "rumor",
  "superstition",
  "obscenity",
  "gambling",
  "violence",
  "terrorism",
  "crime_incitement",
  "insult_defamation",
  "secret_leak",
  "privacy_exposure",
  "credential_leak",
  "malware",
  "impersonation",
  "reputation",
] as const;

/** One prohibited-content category code. */
export type Category = (typeof CATEGORIES)[number];

/** What the bot does with a message, in escalating order. */
export const ACTIONS = ["none", "hide", "warn", "mute", "remove", "escalate"] as const;
/** One moderation action. */
export type Action = (typeof ACTIONS)[number];

/** How bad a single hit is; the policy maps category × severity to an action. */
export const SEVERITIES = ["low", "medium", "high", "grave"] as const;
/** One hit severity. */
export type Severity = (typeof SEVERITIES)[number];

/** A file attached to a message, as the chat adapter sees it. */
export interface Attachment {
  name: string;
  mimeType?: string;
  size?: number;
}

/** Everything the engine needs to judge one message; no platform types. */
export interface ModerationInput {
  text: string;
  attachments?: Attachment[];
  /** The group is marked external (members outside the organisation). */
  groupExternal?: boolean;
  senderName?: string;
  /** The sender is a verified member of the org directory (not a look-alike). */
  senderIsKnownPerson?: boolean;
  /** Display names of the org's leaders, for impersonation checks. */
  leaderNames?: string[];
  /** The sender's roles in the org (e.g. `security_officer`), for staff exemptions. */
  senderRoles?: string[];
}

/** Where a hit sits in the ORIGINAL text (UTF-16 offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
  /** The lexicon term or a masked description of what was detected; never a raw secret. */
  term: string;
  category: Category;
}

/** A detected credential, reduced to what may be stored. */
export interface Redaction {
  start: number;
  end: number;
  kind: string;
  /** sha256 of the secret, hex. */
  sha256: string;
  /** The last characters of the secret, so the owner recognises it. */
  last: string;
  /** Replacement text for storage: `[已隐去 kind …last]`. */
  replacement: string;
}

/** The engine's judgement on one message. */
export interface Verdict {
  flagged: boolean;
  categories: Category[];
  /** Highest category score in [0, 1]. */
  score: number;
  scores: Partial<Record<Category, number>>;
  spans: Span[];
  action: Action;
  /** Highest severity among the flagged hits (`low` when nothing is flagged). */
  severity: Severity;
  redactions: Redaction[];
  /** The text with every credential replaced; the only form a caller may store when redactions is non-empty. */
  redactedText: string;
  /** The sender must be told privately to change the leaked password or key. */
  notifySenderToRotateCredential: boolean;
  /** Staff exemption lowered the action (the hits are still reported). */
  exempted: boolean;
}

/** A raw finding before policy: one lexicon or detector hit. */
export interface Hit {
  start: number;
  end: number;
  term: string;
  category: Category;
  weight: number;
  severity: Severity;
  /** Which stage found it: lexicon form, detector name or the insult model. */
  source: string;
}
