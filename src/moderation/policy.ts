import { join } from "node:path";
import { z } from "zod";
import { ACTIONS, CATEGORIES, type Category, SEVERITIES } from "./types.js";
import { loadYaml, policyError } from "./validation.js";

const action = z.enum(ACTIONS);
const actionsBySeverity = z.object({ low: action, medium: action, high: action, grave: action }).strict();

const policySchema = z
  .object({
    version: z.literal(1),
    /** A category is flagged when its score reaches this. */
    flagThreshold: z.number().gt(0).max(1),
    discussion: z
      .object({
        /** How far (normalised characters) a discussion cue may sit from the term. */
        window: z.number().int().min(1).max(200),
        cues: z.array(z.string().min(1)).min(1),
      })
      .strict(),
    /** Action per category and severity. */
    categories: z.record(z.enum(CATEGORIES), actionsBySeverity),
    /** Categories that always escalate (open an incident) when flagged. */
    gravest: z.array(z.enum(CATEGORIES)),
    strikeLadder: z
      .object({
        windowDays: z.number().positive(),
        /** Verdict actions that count as a strike and climb the ladder. */
        appliesTo: z.array(action).min(1),
        steps: z
          .array(
            z
              .object({
                priorStrikes: z.number().int().min(0),
                action,
                muteMinutes: z.number().positive().optional(),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
    exemptions: z
      .object({
        roles: z.array(z.string().min(1)),
        /** Categories in which staff hits are reported but not acted on. */
        categories: z.array(z.enum(CATEGORIES)),
      })
      .strict(),
    insultModel: z
      .object({
        file: z.string().min(1),
        /** Probability at or above which the model alone flags insult_defamation. */
        threshold: z.number().gt(0).lt(1),
        /** Minimum normalised length before the model is consulted. */
        minLength: z.number().int().min(1),
      })
      .strict(),
  })
  .strict();

/** The validated moderation policy. */
export type ModerationPolicy = z.infer<typeof policySchema> & { file: string; dir: string };

/** Loads and validates `policy.yaml` from the policy folder. */
export function loadPolicy(dir: string): ModerationPolicy {
  const file = join(dir, "policy.yaml");
  const data = loadYaml(file, policySchema);
  for (const c of CATEGORIES)
    if (!data.categories[c]) throw policyError(file, `categories.${c}`, "missing: every category needs actions");
  const steps = data.strikeLadder.steps;
  steps.forEach((s, i) => {
    if (i > 0 && s.priorStrikes <= steps[i - 1]!.priorStrikes)
      throw policyError(file, `strikeLadder.steps.${i}.priorStrikes`, "must increase from step to step");
    if (s.action === "mute" && s.muteMinutes === undefined)
      throw policyError(file, `strikeLadder.steps.${i}.muteMinutes`, "a mute step needs muteMinutes");
  });
  if (steps[0]!.priorStrikes !== 0)
    throw policyError(file, "strikeLadder.steps.0.priorStrikes", "the first step must start at 0");
  return { ...data, file, dir };
}

/** Rank of an action in escalating order (none = 0 … escalate = 5). */
export function actionRank(a: (typeof ACTIONS)[number]): number {
  return ACTIONS.indexOf(a);
}

/** Rank of a severity (low = 0 … grave = 3). */
export function severityRank(s: (typeof SEVERITIES)[number]): number {
  return SEVERITIES.indexOf(s);
}

/** Categories in table order, for stable output. */
export function sortCategories(cs: Iterable<Category>): Category[] {
  const set = new Set(cs);
  return CATEGORIES.filter((c) => set.has(c));
}
