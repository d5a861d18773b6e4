import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { CodedError } from "./errors.js";

/**
 * Reads a YAML file and validates it with a zod schema. Errors name the file, the line and the field,
 * e.g. `org.yaml:12: people[3].roles[0].role: must be one of leadership_group, …`.
 */
export function loadYamlFile<S extends z.ZodType>(path: string, schema: S, code: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CodedError(code, `${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  return parseYaml(text, path, schema, code);
}

export function parseYaml<S extends z.ZodType>(text: string, path: string, schema: S, code: string): z.infer<S> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const line = lc.linePos(err.pos[0]).line;
    throw new CodedError(code, `${path}:${line}: YAML syntax: ${err.message.split("\n")[0]}`);
  }
  const data = doc.toJS();
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = lineOf(doc, lc, issue.path as (string | number)[]);
  throw new CodedError(
    code,
    `${path}${at ? `:${at}` : ""}: ${formatPath(issue.path as (string | number)[])}: ${issue.message}`,
  );
}

/** The line of the deepest node that exists along `path`. */
export function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lc: LineCounter,
  path: (string | number)[],
): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

export function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
