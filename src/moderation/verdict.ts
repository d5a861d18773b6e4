import type { ModerationPolicy } from "./policy.js";
import {
  ACTIONS,
  type Action,
  CATEGORIES,
  type Category,
  type Hit,
  type ModerationInput,
  type Redaction,
  SEVERITIES,
  type Severity,
  type Span,
  type Verdict,
} from "./types.js";

const CATEGORY_INDEX = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<Category, number>;
const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

const ACTION_RANK = Object.fromEntries(ACTIONS.map((a, i) => [a, i])) as Record<Action, number>;

// Stable insertion sort by (start, end): spans are a handful, where Array#sort's set-up dominates.
function sortSpans(spans: Span[]): void {
  if (spans.length > 16) {
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    return;
  }
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i]!;
    let j = i - 1;
    while (j >= 0 && (spans[j]!.start > s.start || (spans[j]!.start === s.start && spans[j]!.end > s.end))) {
      spans[j + 1] = spans[j]!;
      j--;
    }
    spans[j + 1] = s;
  }
}

/** The policy's category × severity rules as flat tables (read for every flagged message). */
interface Rules {
  /** Action per category index × severity rank; gravest categories always escalate. */
  action: Action[];
  /** 1 when staff exemptions apply to the category. */
  exemptable: Uint8Array;
}

const rulesCache = new WeakMap<ModerationPolicy, Rules>();

function rulesOf(policy: ModerationPolicy): Rules {
  let rules = rulesCache.get(policy);
  if (!rules) {
    const action: Action[] = [];
    for (const c of CATEGORIES)
      for (const sev of SEVERITIES) action.push(policy.gravest.includes(c) ? "escalate" : policy.categories[c]![sev]);
    const exemptable = Uint8Array.from(CATEGORIES, (c) => (policy.exemptions.categories.includes(c) ? 1 : 0));
    rules = { action, exemptable };
    rulesCache.set(policy, rules);
  }
  return rules;
}

// Scratch per-category state, reset on every call (decide is synchronous and never re-entered).
const missScratch = new Float64Array(CATEGORIES.length);
const seenScratch = new Uint8Array(CATEGORIES.length);
const flaggedScratch = new Uint8Array(CATEGORIES.length);
const severityScratch = new Int8Array(CATEGORIES.length);

/** Applies the policy to raw hits: scores, flags, action, staff exemptions and redactions. */
export function decide(
  input: ModerationInput,
  hits: Hit[],
  redactions: Redaction[],
  policy: ModerationPolicy,
): Verdict {
  // Most messages have no hit at all: skip the maps and sorts below.
  if (hits.length === 0) return cleanVerdict(input.text);
  // Per-category state in arrays indexed like CATEGORIES (hits are few; maps and sets cost more).
  const miss = missScratch;
  const seen = seenScratch;
  const sevRank = severityScratch;
  const flagged = flaggedScratch;
  for (let c = 0; c < CATEGORIES.length; c++) {
    // A plain loop: four TypedArray#fill calls cost more than these sixteen stores.
    miss[c] = 1;
    seen[c] = 0;
    sevRank[c] = 0;
    flagged[c] = 0;
  }
  const seenOrder: number[] = [];
  for (const h of hits) {
    const c = CATEGORY_INDEX[h.category];
    if (!seen[c]) {
      seen[c] = 1;
      seenOrder.push(c);
    }
    miss[c] = miss[c]! * (1 - h.weight);
    // Highest severity per category (only flagged categories are read below).
    sevRank[c] = Math.max(sevRank[c]!, SEVERITY_RANK[h.severity]);
  }
  const scores: Partial<Record<Category, number>> = {};
  let score = 0;
  let flaggedCount = 0;
  for (const c of seenOrder) {
    const s = Math.round((1 - miss[c]!) * 1000) / 1000;
    scores[CATEGORIES[c]!] = s;
    score = Math.max(score, s);
    if (s >= policy.flagThreshold) {
      flagged[c] = 1;
      flaggedCount++;
    }
  }
  const categories: Category[] = [];
  if (flaggedCount > 0) for (let c = 0; c < CATEGORIES.length; c++) if (flagged[c]) categories.push(CATEGORIES[c]!);
  const flaggedHits =
    flaggedCount === seenOrder.length ? hits : hits.filter((h) => flagged[CATEGORY_INDEX[h.category]]);
  const exemptRole = input.senderRoles?.length
    ? input.senderRoles.some((r) => policy.exemptions.roles.includes(r))
    : false;
  let action: Action = "none";
  let actionR = 0;
  let severityR = 0;
  let exempted = false;
  const rules = rulesOf(policy);
  for (const c of categories) {
    const ci = CATEGORY_INDEX[c];
    const sevR = sevRank[ci]!;
    if (sevR > severityR) severityR = sevR;
    let a = rules.action[ci * SEVERITIES.length + sevR]!;
    if (exemptRole && rules.exemptable[ci]) {
      exempted = true;
      a = "none";
    }
    const r = ACTION_RANK[a];
    if (r > actionR) {
      action = a;
      actionR = r;
    }
  }
  const severity = SEVERITIES[severityR]!;
  // One span per place and category: "绝密" and "绝密★" on the same characters are one finding.
  const spans: Span[] = [];
  for (const h of onePerSpan(flaggedHits))
    spans.push({ start: h.start, end: h.end, term: h.term, category: h.category });
  sortSpans(spans);
  // A fresh array whenever it is empty: the engine may pass one shared empty list.
  const kept = flagged[CATEGORY_INDEX.credential_leak] && redactions.length > 0 ? redactions : [];

  return {
    flagged: categories.length > 0,
    categories,
    score,
    scores,
    spans,
    action,
    severity,
    redactions: kept,
    redactedText: applyRedactions(input.text, kept),
    notifySenderToRotateCredential: kept.length > 0,
    exempted,
  };
}

// The heaviest hit per (start, end, category), in first-seen order; a linear scan for the usual handful.
function onePerSpan(hits: Hit[]): Hit[] {
  if (hits.length > 32) {
    const bySpan = new Map<string, Hit>();
    for (const h of hits) {
      const key = `${h.start}:${h.end}:${h.category}`;
      const prev = bySpan.get(key);
      if (!prev || h.weight > prev.weight) bySpan.set(key, h);
    }
    return [...bySpan.values()];
  }
  const out: Hit[] = [];
  for (const h of hits) {
    let i = 0;
    while (i < out.length && !(out[i]!.start === h.start && out[i]!.end === h.end && out[i]!.category === h.category))
      i++;
    if (i === out.length) out.push(h);
    else if (h.weight > out[i]!.weight) out[i] = h;
  }
  return out;
}

function cleanVerdict(text: string): Verdict {
  return {
    flagged: false,
    categories: [],
    score: 0,
    scores: {},
    spans: [],
    action: "none",
    severity: "low",
    redactions: [],
    redactedText: text,
    notifySenderToRotateCredential: false,
    exempted: false,
  };
}

/** Replaces each redacted secret in the text by its replacement. */
export function applyRedactions(text: string, redactions: readonly Redaction[]): string {
  if (!redactions.length) return text;
  let out = "";
  let pos = 0;
  for (const r of [...redactions].sort((a, b) => a.start - b.start)) {
    if (r.start < pos) continue;
    out += text.slice(pos, r.start) + r.replacement;
    pos = r.end;
  }
  return out + text.slice(pos);
}
