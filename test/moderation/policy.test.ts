import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createModerationEngine } from "../../src/moderation/index.js";
import { defaultPolicyDir } from "../../src/moderation/package-root.js";
import { applyStrikeLadder } from "../../src/moderation/strike-ladder.js";
import { engine } from "./helpers.js";

function policyCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "wk-policy-"));
  cpSync(defaultPolicyDir(), dir, { recursive: true });
  return dir;
}

function loadError(dir: string): { code?: string; message: string } {
  try {
    createModerationEngine({ policyDir: dir });
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected the policy to be rejected");
}

describe("policy and lexicon validation", () => {
  it("names the lexicon file and path of a bad term", () => {
    const dir = policyCopy();
    const file = join(dir, "lexicons", "gambling.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("  - 百家乐\n", "  - { term: 百家乐, weight: 7 }\n"));
    const err = loadError(dir);
    expect(err.code).toBe("watchkeeper_policy_invalid");
    expect(err.message).toContain("gambling.yaml");
    expect(err.message).toMatch(/terms\.\d+/);
  });

  it("names an unknown cue group", () => {
    const dir = policyCopy();
    const file = join(dir, "lexicons", "violence.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("requires: threat", "requires: nonsense"));
    expect(loadError(dir).message).toMatch(/violence\.yaml: terms\.\d+\.requires: unknown cue group "nonsense"/);
  });

  it("rejects a term that collapses to one character", () => {
    const dir = policyCopy();
    const file = join(dir, "lexicons", "obscenity.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("  - 淫秽\n", "  - 色色\n"));
    expect(loadError(dir).message).toContain("obscenity.yaml");
  });

  it("names policy.yaml and the path of a bad action", () => {
    const dir = policyCopy();
    const file = join(dir, "policy.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("gambling:          { low: warn", "gambling:          { low: shout"),
    );
    const err = loadError(dir);
    expect(err.message).toContain("policy.yaml");
    expect(err.message).toContain("categories.gambling.low");
  });

  it("reports a missing lexicon file", () => {
    const dir = policyCopy();
    writeFileSync(join(dir, "lexicons", "rumor.yaml"), "category: rumor\nterms: []\n");
    expect(loadError(dir).message).toContain("rumor.yaml");
  });
});

describe("strike ladder", () => {
  const policy = engine().policy;
  const now = Date.UTC(2025, 0, 31);
  const day = 86_400_000;

  it("warns a first offender", () => {
    expect(applyStrikeLadder("warn", [], now, policy)).toEqual({ action: "warn" });
  });

  it("mutes for an hour after one strike, for a day after two, and removes after three", () => {
    expect(applyStrikeLadder("warn", [{ at: now - day }], now, policy)).toEqual({ action: "mute", muteFor: 3_600_000 });
    expect(applyStrikeLadder("warn", [{ at: now - day }, { at: now - 2 * day }], now, policy)).toEqual({
      action: "mute",
      muteFor: 86_400_000,
    });
    const three = [1, 2, 3].map((d) => ({ at: new Date(now - d * day) }));
    expect(applyStrikeLadder("warn", three, now, policy)).toEqual({ action: "remove" });
  });

  it("forgets strikes older than the window", () => {
    expect(applyStrikeLadder("warn", [{ at: now - 40 * day }], now, policy)).toEqual({ action: "warn" });
  });

  it("passes escalate, remove and hide through unchanged", () => {
    const many = [1, 2, 3, 4].map((d) => ({ at: now - d * day }));
    expect(applyStrikeLadder("escalate", many, now, policy)).toEqual({ action: "escalate" });
    expect(applyStrikeLadder("hide", many, now, policy)).toEqual({ action: "hide" });
  });

  it("never lowers the verdict's own action", () => {
    expect(applyStrikeLadder("mute", [], now, policy).action).toBe("mute");
  });
});
