import { actionRank, type ModerationPolicy, severityRank, sortCategories } from "./policy.js";
import type { Action, Category, Hit, ModerationInput, Redaction, Severity, Verdict } from "./types.js";

/** Applies the policy to raw hits: scores, flags, action, staff exemptions and redactions. */
export function decide(
  input: ModerationInput,
  hits: Hit[],
  redactions: Redaction[],
  policy: ModerationPolicy,
): Verdict {
  const miss = new Map<Category, number>();
  for (const h of hits) miss.set(h.category, (miss.get(h.category) ?? 1) * (1 - h.weight));
  const scores: Partial<Record<Category, number>> = {};
  const flaggedSet = new Set<Category>();
  let score = 0;
  for (const [c, m] of miss) {
    const s = Math.round((1 - m) * 1000) / 1000;
    scores[c] = s;
    score = Math.max(score, s);
    if (s >= policy.flagThreshold) flaggedSet.add(c);
  }
  const categories = sortCategories(flaggedSet);
  const flaggedHits = hits.filter((h) => flaggedSet.has(h.category));
  const exemptRole = (input.senderRoles ?? []).some((r) => policy.exemptions.roles.includes(r));
  let action: Action = "none";
  let severity: Severity = "low";
  let exempted = false;
  for (const c of categories) {
    const catHits = flaggedHits.filter((h) => h.category === c);
    const sev = catHits.reduce<Severity>(
      (a, h) => (severityRank(h.severity) > severityRank(a) ? h.severity : a),
      "low",
    );
    if (severityRank(sev) > severityRank(severity)) severity = sev;
    let a: Action = policy.gravest.includes(c) ? "escalate" : policy.categories[c]![sev];
    if (exemptRole && policy.exemptions.categories.includes(c)) {
      exempted = true;
      a = "none";
    }
    if (actionRank(a) > actionRank(action)) action = a;
  }
  // One span per place and category: "绝密" and "绝密★" on the same characters are one finding.
  const bySpan = new Map<string, Hit>();
  for (const h of flaggedHits) {
    const key = `${h.start}:${h.end}:${h.category}`;
    const prev = bySpan.get(key);
    if (!prev || h.weight > prev.weight) bySpan.set(key, h);
  }
  const spans = [...bySpan.values()]
    .map((h) => ({ start: h.start, end: h.end, term: h.term, category: h.category }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const kept = flaggedSet.has("credential_leak") ? redactions : [];
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
