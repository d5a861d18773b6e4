import { join } from "node:path";
import { contentHash } from "../../core/canonical-json.js";
import { parseDuration } from "../../core/clock.js";
import { CodedError, ErrorCodes } from "../../core/errors.js";
import { packageRoot } from "../../core/paths.js";
import { loadYamlFile, parseYaml } from "../../core/yaml-file.js";
import type { Role } from "../../org/directory.js";
import {
  type DutyDef,
  type IncidentPolicy,
  incidentPolicySchema,
  type Severity,
  severities,
  severityAliases,
} from "./schema.js";

/** A duty as frozen into an incident: durations in milliseconds. */
export interface DutySnapshot {
  id: string;
  title: { "zh-CN": string; en: string };
  owner: Role;
  dueMs: number;
  remindBeforeMs: number[];
  proof: "required" | "optional";
  onMiss: { windowMs: number; to: "next" | Role };
  basis?: string;
  /**
   * Set when another feature owns how the duty is done (e.g. "/case" for accountability steps): the
   * generic "done" button and /done are not offered for it, so a step is never marked met without
   * the work that meets it.
   */
  doneVia?: string;
}

/** What one incident follows for its whole life (Incident.policySnapshot). */
export interface RuleSnapshot {
  policyHash: string;
  category: string;
  severity: Severity;
  /** The rules that matched, in order (default first). */
  rules: string[];
  chain: Role[];
  ack: { windowsMs: Partial<Record<Role, number>>; remindBeforeMs: number[] };
  duties: DutySnapshot[];
  evidence: { windowMs: number; maxMessages: number };
}

/** The shipped policy file, or the one under WATCHKEEPER_POLICY_DIR. */
export function defaultPolicyPath(policyDir?: string): string {
  return join(policyDir ?? join(packageRoot(), "policy"), "incidents", "default.yaml");
}

/** Reads and validates an incident policy; errors name file:line and the field. */
export function loadIncidentPolicy(path: string): IncidentPolicy {
  return loadYamlFile(path, incidentPolicySchema, ErrorCodes.policyInvalid);
}

export function parseIncidentPolicy(text: string, path = "policy.yaml"): IncidentPolicy {
  return parseYaml(text, path, incidentPolicySchema, ErrorCodes.policyInvalid);
}

const norm = (s: string) => s.trim().toLowerCase();

/** Finds a category by id, Chinese or English name, or alias ("黑客攻击" → intrusion). */
export function findCategory(policy: IncidentPolicy, word: string): string | undefined {
  const w = norm(word);
  for (const [id, c] of Object.entries(policy.categories)) {
    if (w === id || w === norm(c["zh-CN"]) || w === norm(c.en) || c.aliases.some((a) => norm(a) === w)) return id;
  }
  return undefined;
}

/** Parses a severity given as id or Chinese name ("重大" → major). */
export function parseSeverity(word: string): Severity | undefined {
  const w = norm(word);
  return (severities as readonly string[]).includes(w) ? (w as Severity) : severityAliases[word.trim()];
}

function snapshotDuty(id: string, d: DutyDef): DutySnapshot {
  return {
    id,
    title: d.title,
    owner: d.owner,
    dueMs: parseDuration(d.due),
    remindBeforeMs: d.remindBefore.map(parseDuration),
    proof: d.proof,
    onMiss: { windowMs: parseDuration(d.onMiss.window), to: d.onMiss.to },
    ...(d.basis ? { basis: d.basis } : {}),
  };
}

/**
 * Applies the matching rules in order: a later rule overrides the acknowledgement windows it names
 * and the duties it names (by id; `off: true` drops one).
 */
export function resolveRule(policy: IncidentPolicy, category: string, severity: Severity): RuleSnapshot {
  if (!(category in policy.categories)) {
    throw new CodedError(ErrorCodes.commandInvalid, `unknown incident category ${category}`);
  }
  const windows: Partial<Record<Role, number>> = {};
  let remindBeforeMs: number[] = [];
  const duties = new Map<string, DutySnapshot>();
  const matched: string[] = [];
  for (const rule of policy.rules) {
    if (rule.when?.categories && !rule.when.categories.includes(category)) continue;
    if (rule.when?.severities && !rule.when.severities.includes(severity)) continue;
    matched.push(rule.name);
    for (const [r, w] of Object.entries(rule.ack?.windows ?? {})) if (w) windows[r as Role] = parseDuration(w);
    if (rule.ack?.remindBefore) remindBeforeMs = rule.ack.remindBefore.map(parseDuration);
    for (const [id, d] of Object.entries(rule.duties ?? {})) {
      if ("off" in d) duties.delete(id);
      else duties.set(id, snapshotDuty(id, d));
    }
  }
  return {
    policyHash: contentHash(policy),
    category,
    severity,
    rules: matched,
    chain: [...policy.chain],
    ack: { windowsMs: windows, remindBeforeMs },
    duties: [...duties.values()],
    evidence: { windowMs: parseDuration(policy.evidence.window), maxMessages: policy.evidence.maxMessages },
  };
}
