import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodedError, ErrorCodes } from "../core/errors.js";

/** The folder holding watchkeeper's package.json, found by walking up from this module (works from src/ and dist/). */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "watchkeeper") return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new CodedError(ErrorCodes.policyInvalid, "cannot find the watchkeeper package root");
    dir = parent;
  }
}

/** The shipped moderation policy folder (`<root>/policy/moderation`). */
export function defaultPolicyDir(): string {
  return join(packageRoot(), "policy", "moderation");
}
