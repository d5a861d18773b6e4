import { z } from "zod";
import { durationField, localisedText } from "../../core/policy-fields.js";
import { roleKinds } from "../../org/directory.js";

/** The four severity levels of the rules (DOMAIN.md §3), mildest first. */
export const severities = ["general", "serious", "major", "especially_major"] as const;
export type Severity = (typeof severities)[number];

/** Chinese names users may type for a severity. */
export const severityAliases: Record<string, Severity> = {
  一般: "general",
  较大: "serious",
  重大: "major",
  特别重大: "especially_major",
  "especially-major": "especially_major",
};

const role = z.enum(roleKinds);
const duration = durationField;
const text = localisedText;
const id = z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _ only");

const dutySchema = z
  .object({
    title: text,
    /** The chain role that owns the duty; its nearest holder (walking up the unit tree) is the owner. */
    owner: role,
    due: duration,
    remindBefore: z.array(duration).default([]),
    /** Whether completing the duty needs proof text (e.g. the police report reference). */
    proof: z.enum(["required", "optional"]).default("required"),
    /** When the duty is missed: who takes it over and how long they get. */
    onMiss: z.object({ window: duration, to: z.union([z.literal("next"), role]).default("next") }).strict(),
    /** The article of the rules this duty comes from. */
    basis: z.string().optional(),
  })
  .strict();
const dutyOrOff = z.union([z.object({ off: z.literal(true) }).strict(), dutySchema]);

const ackSchema = z
  .object({
    /** How long each level of the chain has to acknowledge before the next is called. */
    windows: z.partialRecord(role, duration).optional(),
    remindBefore: z.array(duration).optional(),
  })
  .strict();

const ruleSchema = z
  .object({
    name: z.string().min(1),
    /** Absent fields match everything. */
    when: z
      .object({ categories: z.array(id).min(1).optional(), severities: z.array(z.enum(severities)).min(1).optional() })
      .strict()
      .optional(),
    ack: ackSchema.optional(),
    duties: z.record(id, dutyOrOff).optional(),
  })
  .strict();

export const incidentPolicySchema = z
  .object({
    version: z.literal(1),
    evidence: z.object({ window: duration, maxMessages: z.number().int().min(0).max(1000) }).strict(),
    chain: z.array(role).min(1),
    categories: z.record(
      id,
      z
        .object({ "zh-CN": z.string().min(1), en: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) })
        .strict(),
    ),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (new Set(p.chain).size !== p.chain.length)
      ctx.addIssue({ code: "custom", path: ["chain"], message: "a role appears twice" });
    if (!("other" in p.categories))
      ctx.addIssue({ code: "custom", path: ["categories"], message: "must define the category other" });
    const first = p.rules[0]!;
    if (first.when)
      ctx.addIssue({
        code: "custom",
        path: ["rules", 0, "when"],
        message: "the first rule is the default and must match everything (no when)",
      });
    for (const r of p.chain) {
      if (!first.ack?.windows?.[r]) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", 0, "ack", "windows"],
          message: `the default rule must give an acknowledgement window for every chain role (missing ${r})`,
        });
      }
    }
    p.rules.forEach((rule, i) => {
      for (const c of rule.when?.categories ?? []) {
        if (!(c in p.categories))
          ctx.addIssue({ code: "custom", path: ["rules", i, "when", "categories"], message: `unknown category ${c}` });
      }
      for (const r of Object.keys(rule.ack?.windows ?? {})) {
        if (!p.chain.includes(r as never))
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "ack", "windows", r],
            message: `${r} is not in the chain`,
          });
      }
      for (const [dutyId, d] of Object.entries(rule.duties ?? {})) {
        if ("off" in d) continue;
        if (!p.chain.includes(d.owner)) {
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "duties", dutyId, "owner"],
            message: `${d.owner} is not in the chain (${p.chain.join(", ")})`,
          });
        }
        if (d.onMiss.to !== "next" && !p.chain.includes(d.onMiss.to)) {
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "duties", dutyId, "onMiss", "to"],
            message: `${d.onMiss.to} is not in the chain`,
          });
        }
      }
    });
  });

export type IncidentPolicy = z.infer<typeof incidentPolicySchema>;
export type DutyDef = z.infer<typeof dutySchema>;
