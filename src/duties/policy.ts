import { dirname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { parseDuration } from "../core/clock.js";
import { CodedError, ErrorCodes } from "../core/errors.js";
import { packageRoot } from "../core/paths.js";
import { durationField, localisedText } from "../core/policy-fields.js";
import { loadYamlFile, parseYaml } from "../core/yaml-file.js";
import { roleKinds } from "../org/directory.js";
import { isTimeZone, weekdays } from "./time.js";

/** The rules' floor: logs are kept no less than two months (篇四 篇3 十二). */
export const minimumRetentionDays = 60;

const duration = durationField;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a local time HH:MM");
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const text = localisedText;
const timeZone = z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" });

const checkSchema = z
  .object({
    title: text,
    /** What the owner is asked to do, shown in the request. */
    ask: text,
    units: z.array(z.string().min(1)).min(1),
    /** `on_duty`: the roster's person on duty (falling back to the security officer); else a role. */
    owner: z.enum(["on_duty", ...roleKinds]).default("on_duty"),
    /** Weekdays it runs on; `daily` for every day. */
    days: z.union([z.literal("daily"), z.array(z.enum(weekdays)).min(1)]).default("daily"),
    /** Runs every N days counted from `from` instead of on weekdays (e.g. password changes). */
    everyDays: z.number().int().positive().optional(),
    from: localDay.optional(),
    at: clockTime,
    due: duration,
    /** skip: not on holidays; include: holidays are ordinary days; also: holidays are added to `days`. */
    holidays: z.enum(["skip", "include", "also"]).default("skip"),
    /** Incident category opened when the owner reports a problem. */
    problemCategory: z.string().min(1).default("other"),
  })
  .strict()
  .refine((c) => (c.everyDays === undefined) === (c.from === undefined), {
    message: "everyDays and from go together",
    path: ["everyDays"],
  });

export const dutiesPolicySchema = z
  .object({
    version: z.literal(1),
    timezone: timeZone.default("Asia/Shanghai"),
    /** Roster file, relative to this policy file. */
    roster: z.string().min(1).optional(),
    holidays: z.array(localDay).default([]),
    /** Who hears of a missed duty, in order, and how long each level has before the next. */
    escalation: z
      .object({
        chain: z.array(z.enum(roleKinds)).min(1).default(["unit_head", "security_office"]),
        after: duration.default("4h"),
      })
      .strict()
      .default({ chain: ["unit_head", "security_office"], after: "4h" }),
    password: z
      .object({
        minLength: z.number().int().min(8, "the rules ask for 8 or more characters"),
        letters: z.literal(true, { message: "the rules ask for letters and digits" }),
        digits: z.literal(true, { message: "the rules ask for letters and digits" }),
      })
      .strict()
      .default({ minLength: 8, letters: true, digits: true }),
    retention: z
      .object({
        keep: duration.refine((s) => parseDuration(s) >= minimumRetentionDays * 86_400_000, {
          message: `must be at least ${minimumRetentionDays}d: the rules keep logs no less than two months`,
        }),
        purgeAt: clockTime.default("03:30"),
      })
      .strict()
      .default({ keep: "60d", purgeAt: "03:30" }),
    checks: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _ only"), checkSchema),
  })
  .strict();

export type DutiesPolicy = z.infer<typeof dutiesPolicySchema>;
export type CheckSpec = DutiesPolicy["checks"][string];

const rosterUnitSchema = z
  .object({
    /** People in rotation order; week 0 is the first. */
    rotation: z.array(z.string().min(1)).min(1),
    /** The local date the first shift starts (week 0). */
    startsOn: localDay,
    /** Local time shifts change (and the handover is due by). */
    changeAt: clockTime.default("09:00"),
    /** Length of one shift. */
    shift: duration.default("7d"),
    /** How long after the shift ends the handover may still be recorded before it is missed. */
    handoverGrace: duration.default("1h"),
  })
  .strict();

export const rosterSchema = z.object({ version: z.literal(1), units: z.record(z.string(), rosterUnitSchema) }).strict();
export type Roster = z.infer<typeof rosterSchema>;
export type RosterUnit = Roster["units"][string];

export function defaultDutiesPolicyPath(policyDir?: string): string {
  return policyDir ? join(policyDir, "duties", "checks.yaml") : join(packageRoot(), "policy", "duties", "checks.yaml");
}

/** Loads and validates the duties policy and the roster it names (errors name file:line: field). */
export function loadDutiesPolicy(path: string, rosterPath?: string): { policy: DutiesPolicy; roster: Roster } {
  const policy = loadYamlFile(path, dutiesPolicySchema, ErrorCodes.policyInvalid);
  const where = rosterPath ?? (policy.roster ? resolveFrom(path, policy.roster) : undefined);
  const roster: Roster = where
    ? loadYamlFile(where, rosterSchema, ErrorCodes.policyInvalid)
    : { version: 1, units: {} };
  for (const [unitId, u] of Object.entries(roster.units)) {
    if (parseDuration(u.shift) < 86_400_000)
      throw new CodedError(ErrorCodes.policyInvalid, `${where}: units.${unitId}.shift: must be at least 1d`);
  }
  return { policy, roster };
}

function resolveFrom(file: string, p: string): string {
  return isAbsolute(p) ? p : resolve(dirname(file), p);
}

/** Validates duties policy text (for tests and tools); errors name the path, line and field. */
export function parseDutiesPolicyText(text: string, path: string): DutiesPolicy {
  return parseYaml(text, path, dutiesPolicySchema, ErrorCodes.policyInvalid);
}
