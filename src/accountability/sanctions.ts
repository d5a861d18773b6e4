import type { Severity } from "../incidents/policy/schema.js";
import {
  type Conduct,
  type Impact,
  type MatrixRule,
  type Mitigation,
  type Sanction,
  type SanctionMatrix,
  sanctionKinds,
} from "./policy/schema.js";

/** What the matrix reads about one responsible subject. */
export interface SubjectFacts {
  conduct: Conduct;
  severity: Severity;
  /** Did the subject's failure cause the event? @defaultValue true */
  causedEvent?: boolean;
  /** @defaultValue "none" */
  impact?: Impact;
  /** Still not implementing rules after earlier criticism or a written self-criticism (第八条(四)). */
  repeated?: boolean;
  mitigation?: Mitigation | null;
}

/** The allowed range and where it comes from; `range` is empty when there is no liability or no article applies. */
export interface Proposal {
  range: Sanction[];
  /** The articles behind the range (matrix rule, then mitigation), e.g. ["篇五 第八条（二）", "篇五 第十三条"]. */
  articles: string[];
  noLiability: boolean;
  /** No article of the matrix covers these facts: any decision needs a written reason. */
  uncovered: boolean;
}

function matches(rule: MatrixRule, f: SubjectFacts): boolean {
  if (!rule.conducts.includes(f.conduct)) return false;
  const w = rule.when;
  if (w.severities && !w.severities.includes(f.severity)) return false;
  if (w.causedEvent !== undefined && w.causedEvent !== (f.causedEvent ?? true)) return false;
  if (w.impact && !w.impact.includes(f.impact ?? "none")) return false;
  if (w.repeated !== undefined && w.repeated !== (f.repeated ?? false)) return false;
  return true;
}

const rank = (s: Sanction) => sanctionKinds.indexOf(s);
const heaviest = (r: MatrixRule) => Math.max(...r.sanctions.map(rank));

/** The matching rule with the heaviest range (the conduct meets that article), or undefined. */
export function matchRule(matrix: SanctionMatrix, f: SubjectFacts): MatrixRule | undefined {
  let best: MatrixRule | undefined;
  for (const r of matrix.rules) if (matches(r, f) && (!best || heaviest(r) > heaviest(best))) best = r;
  return best;
}

/** Moves every sanction of a range `steps` lighter along 第五条, never below criticism and education. */
export function lighten(range: readonly Sanction[], steps: number): Sanction[] {
  const out = range.map((s) => sanctionKinds[Math.max(0, rank(s) - steps)]!);
  return [...new Set(out)];
}

/** The allowed sanctions for a subject: the matrix rule (第七–十条), then mitigation (第十二–十三条). */
export function propose(matrix: SanctionMatrix, f: SubjectFacts): Proposal {
  const mit = f.mitigation ? matrix.mitigation[f.mitigation] : undefined;
  if (mit?.effect === "no_liability")
    return { range: [], articles: [mit.article], noLiability: true, uncovered: false };
  const rule = matchRule(matrix, f);
  if (!rule) return { range: [], articles: [], noLiability: false, uncovered: true };
  if (mit?.effect === "lighter")
    return {
      range: lighten(rule.sanctions, mit.steps),
      articles: [rule.article, mit.article],
      noLiability: false,
      uncovered: false,
    };
  return { range: [...rule.sanctions], articles: [rule.article], noLiability: false, uncovered: false };
}

export function isSanction(s: string): s is Sanction {
  return (sanctionKinds as readonly string[]).includes(s);
}
