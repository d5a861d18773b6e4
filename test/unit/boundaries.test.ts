import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const sdk = /from\s+["'](@slack\/bolt|@slack\/web-api|@slack\/socket-mode|node-telegram-bot-api)(\/[^"']*)?["']/;

describe("architecture boundaries", () => {
  it("keeps platform SDK imports inside adapters/<platform>/", () => {
    const offenders = [...files(join(root, "src")), ...files(join(root, "adapters"))]
      .filter((f) => sdk.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f))
      .filter((f) => {
        const m = readFileSync(join(root, f), "utf8").match(sdk)?.[1] ?? "";
        const platform = m.startsWith("@slack") ? "slack" : "telegram";
        return !f.startsWith(`adapters/${platform}/`);
      });
    expect(offenders).toEqual([]);
  });

  // Composition roots choose adapters: the app's start-up and the simulator (which runs the memory platform).
  const compositionRoots = ["src/app/adapters.ts", "src/incidents/simulation/run.ts"];

  it("keeps the core free of adapter imports except the composition roots", () => {
    const offenders = files(join(root, "src"))
      .filter((f) => /from\s+["'](\.\.\/)+adapters\//.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f))
      .filter((f) => !compositionRoots.includes(f));
    expect(offenders).toEqual([]);
  });
});
