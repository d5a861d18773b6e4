import { z } from "zod";
import { durationField, localisedText } from "../../core/policy-fields.js";
import { severities } from "../../incidents/policy/schema.js";
import { roleKinds } from "../../org/directory.js";

/** 第五条, lightest first: the order "one step lighter" (第十三条) moves along. */
export const sanctionKinds = [
  "criticism_education",
  "written_self_criticism",
  "circulated_criticism",
  "general_handling",
  "severe_handling",
  "police_referral",
] as const;
export type Sanction = (typeof sanctionKinds)[number];

/** The fixed list of conduct a responsible subject can be charged with (篇五 第七–十条). */
export const conductKinds = [
  "rules_not_implemented",
  "late_report",
  "poor_cooperation",
  "refused_cooperation",
  "concealment",
  "destroying_evidence",
  "faking",
] as const;
export type Conduct = (typeof conductKinds)[number];

export const impacts = ["none", "some", "bad"] as const;
export type Impact = (typeof impacts)[number];

export const mitigationKinds = ["force_majeure", "full_compliance", "admission"] as const;
export type Mitigation = (typeof mitigationKinds)[number];

const role = z.enum(roleKinds);
const sanction = z.enum(sanctionKinds);
const named = localisedText;
const duration = durationField;

const matrixRule = z
  .object({
    article: z.string().min(1),
    conducts: z.array(z.enum(conductKinds)).min(1),
    when: z
      .object({
        severities: z.array(z.enum(severities)).min(1).optional(),
        causedEvent: z.boolean().optional(),
        impact: z.array(z.enum(impacts)).min(1).optional(),
        repeated: z.boolean().optional(),
      })
      .strict()
      .default({}),
    sanctions: z.array(sanction).min(1),
  })
  .strict();

export const sanctionMatrixSchema = z
  .object({
    version: z.literal(1),
    sanctions: z.record(sanction, named),
    conducts: z.record(z.enum(conductKinds), named),
    rules: z.array(matrixRule).min(1),
    mitigation: z.record(
      z.enum(mitigationKinds),
      z.union([
        named.extend({ effect: z.literal("no_liability"), article: z.string().min(1) }).strict(),
        named
          .extend({ effect: z.literal("lighter"), steps: z.number().int().min(1).max(5), article: z.string().min(1) })
          .strict(),
      ]),
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const s of sanctionKinds)
      if (!(s in p.sanctions)) ctx.addIssue({ code: "custom", path: ["sanctions"], message: `missing sanction ${s}` });
    for (const c of conductKinds)
      if (!(c in p.conducts)) ctx.addIssue({ code: "custom", path: ["conducts"], message: `missing conduct ${c}` });
    p.rules.forEach((r, i) => {
      // A range is contiguous on the 第五条 scale, lightest first: anything else is a typo.
      const idx = r.sanctions.map((s) => sanctionKinds.indexOf(s));
      if (idx.some((v, k) => k > 0 && v !== idx[k - 1]! + 1))
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "sanctions"],
          message: "must be consecutive sanctions, lightest first",
        });
    });
  });
export type SanctionMatrix = z.infer<typeof sanctionMatrixSchema>;
export type MatrixRule = SanctionMatrix["rules"][number];

const party = named
  .extend({
    persons: z.array(z.string().min(1)).min(1).optional(),
    role: role.optional(),
    /** "incident" (the incident's unit) or a unit id; the role is looked up from there up the tree. */
    unit: z.string().min(1).default("incident"),
  })
  .strict()
  .refine((p) => Boolean(p.persons) !== Boolean(p.role), { message: "give either persons or role" });

const stepDeadline = z
  .object({
    title: named,
    owner: role,
    due: duration,
    remindBefore: z.array(duration).default([]),
    onMiss: z.object({ window: duration, to: z.union([z.literal("next"), role]).default("next") }).strict(),
    basis: z.string().optional(),
  })
  .strict();

export const caseDutyIds = ["case_investigation", "case_review", "case_decision", "case_implementation"] as const;
export type CaseDutyId = (typeof caseDutyIds)[number];

export const procedureSchema = z
  .object({
    version: z.literal(1),
    investigators: z.array(role).min(1),
    reviewers: z.array(role).min(1),
    authority: z
      .object({
        direct: z
          .object({ sanctions: z.array(sanction), deciders: z.array(role).min(1), article: z.string() })
          .strict(),
        joint: z
          .object({
            sanctions: z.array(sanction),
            deciders: z.array(role).min(1),
            article: z.string(),
            approvers: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), party),
          })
          .strict(),
      })
      .strict(),
    needsReference: z.array(sanction).default([]),
    deadlines: z.object(
      Object.fromEntries(caseDutyIds.map((id) => [id, stepDeadline])) as Record<CaseDutyId, typeof stepDeadline>,
    ),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const s of sanctionKinds) {
      const n = Number(p.authority.direct.sanctions.includes(s)) + Number(p.authority.joint.sanctions.includes(s));
      if (n !== 1)
        ctx.addIssue({
          code: "custom",
          path: ["authority"],
          message: `${s} must be decided either directly or jointly (exactly one)`,
        });
    }
  });
export type ProcedurePolicy = z.infer<typeof procedureSchema>;
export type ApproverParty = ProcedurePolicy["authority"]["joint"]["approvers"][string];
