import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { z } from "zod";
import { CodedError, ErrorCodes } from "../core/errors.js";

/** Reads a YAML file and validates it, throwing `watchkeeper_policy_invalid` naming file, path and problem. */
export function loadYaml<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CodedError(ErrorCodes.policyInvalid, `${file}: cannot read YAML: ${(e as Error).message}`, {
      cause: e,
      details: { file },
    });
  }
  return validate(file, raw, schema);
}

/** Validates parsed data, throwing `watchkeeper_policy_invalid` naming file, path and problem. */
export function validate<T>(file: string, raw: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  throw new CodedError(ErrorCodes.policyInvalid, `${file}: ${issues.join("; ")}`, {
    details: { file, issues },
  });
}

/** Throws `watchkeeper_policy_invalid` for a problem found after schema validation. */
export function policyError(file: string, path: string, problem: string): CodedError {
  return new CodedError(ErrorCodes.policyInvalid, `${file}: ${path}: ${problem}`, { details: { file, path } });
}
