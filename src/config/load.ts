import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { CodedError, ErrorCodes } from "../core/errors.js";
import { type AppConfig, configSchema, envNames } from "./schema.js";

const keyToEnv = Object.fromEntries(Object.entries(envNames).map(([env, key]) => [key, env]));

/**
 * Builds the configuration from the optional YAML file named by WATCHKEEPER_CONFIG, overridden by
 * environment variables. Any bad value throws one CodedError whose message names the variable (or the
 * file and key) and what is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const raw: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  const file = env.WATCHKEEPER_CONFIG;
  if (file) {
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new CodedError(
        ErrorCodes.configInvalid,
        `WATCHKEEPER_CONFIG: cannot read ${path}: ${(e as Error).message}`,
      );
    }
    const doc = parseDocument(text);
    if (doc.errors.length) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      throw new CodedError(ErrorCodes.configInvalid, `${path}${line ? `:${line}` : ""}: ${err.message.split("\n")[0]}`);
    }
    const data = doc.toJS() ?? {};
    if (typeof data !== "object" || Array.isArray(data)) {
      throw new CodedError(ErrorCodes.configInvalid, `${path}: must be a mapping of settings`);
    }
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (!(k in configSchema.shape)) {
        throw new CodedError(
          ErrorCodes.configInvalid,
          `${path}: unknown setting "${k}" (known: ${Object.keys(configSchema.shape).join(", ")})`,
        );
      }
      // Relative paths in the file are relative to the file.
      raw[k] =
        (k === "dataDir" || k === "orgFile" || k === "policyDir") && typeof v === "string"
          ? resolve(dirname(path), v)
          : v;
      source[k] = `${path}: ${k}`;
    }
  }
  for (const [name, key] of Object.entries(envNames)) {
    const v = env[name];
    if (v !== undefined && v !== "") {
      raw[key] = v;
      source[key] = name;
    }
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const where = source[key] ?? keyToEnv[key] ?? key;
    const got = raw[key] === undefined ? "" : ` (got ${JSON.stringify(raw[key])})`;
    throw new CodedError(ErrorCodes.configInvalid, `${where}: ${issue.message}${got}`);
  }
  return parsed.data;
}
