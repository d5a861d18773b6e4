import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  defaultPolicyPath,
  findCategory,
  loadIncidentPolicy,
  parseIncidentPolicy,
  parseSeverity,
  resolveRule,
} from "../../src/incidents/index.js";

const shipped = readFileSync(defaultPolicyPath(), "utf8");
const policy = loadIncidentPolicy(defaultPolicyPath());

function errorOf(text: string): string {
  try {
    parseIncidentPolicy(text, "bad.yaml");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the policy to be rejected");
}

describe("the incident policy", () => {
  it("ships a valid default that follows the rules: 24 h police report for a hacker attack, owned by the security office", () => {
    const rule = resolveRule(policy, "intrusion", "major");
    const police = rule.duties.find((d) => d.id === "police_report")!;
    expect(police.dueMs).toBe(24 * 3600_000);
    expect(police.owner).toBe("security_office");
    expect(police.onMiss.to).toBe("leadership_group");
    expect(rule.duties.map((d) => d.id)).toEqual(["written_report", "preserve_logs", "police_report"]);
    expect(rule.rules).toEqual(["default", "major", "preserve-the-scene", "police-report"]);
  });

  it("gives especially major incidents shorter windows at every level than major ones", () => {
    const major = resolveRule(policy, "intrusion", "major");
    const worst = resolveRule(policy, "intrusion", "especially_major");
    for (const role of policy.chain) expect(worst.ack.windowsMs[role]!).toBeLessThan(major.ack.windowsMs[role]!);
    const logs = (r: typeof major) => r.duties.find((d) => d.id === "preserve_logs")!.dueMs;
    expect(logs(worst)).toBeLessThan(logs(major));
  });

  it("applies defaults to categories without overrides and drops duties that do not apply", () => {
    const rule = resolveRule(policy, "equipment_failure", "general");
    expect(rule.duties.map((d) => d.id)).toEqual(["written_report"]);
    expect(rule.ack.windowsMs.security_officer).toBe(2 * 3600_000);
  });

  it("lets a later rule switch a duty off", () => {
    const text = `${shipped}\n  - name: no-logs-for-theft\n    when: { categories: [account_theft] }\n    duties:\n      preserve_logs: { off: true }\n`;
    const rule = resolveRule(parseIncidentPolicy(text), "account_theft", "general");
    expect(rule.duties.map((d) => d.id)).toEqual(["written_report", "notify_responsible"]);
  });

  it("accepts Chinese names and aliases for categories and severities", () => {
    expect(findCategory(policy, "黑客攻击")).toBe("intrusion");
    expect(findCategory(policy, "病毒")).toBe("malware_infection");
    expect(findCategory(policy, "INTRUSION")).toBe("intrusion");
    expect(findCategory(policy, "nonsense")).toBeUndefined();
    expect(parseSeverity("特别重大")).toBe("especially_major");
    expect(parseSeverity("较大")).toBe("serious");
    expect(parseSeverity("major")).toBe("major");
    expect(parseSeverity("huge")).toBeUndefined();
  });

  it("names the file, line and field of a bad duration", () => {
    const bad = shipped.replace("due: 24h", "due: tomorrow");
    const line = bad.split("\n").findIndex((l) => l.includes("due: tomorrow")) + 1;
    expect(errorOf(bad)).toBe(
      `bad.yaml:${line}: rules[6].duties.police_report.due: must be a duration such as 30m, 24h or 7d`,
    );
  });

  it("rejects a duty owned by a role outside the chain", () => {
    const bad = shipped.replace("owner: security_office\n        due: 24h", "owner: operator\n        due: 24h");
    expect(errorOf(bad)).toMatch(
      /^bad\.yaml:\d+: rules\[6\]\.duties\.police_report\.owner: operator is not in the chain/,
    );
  });

  it("rejects a default rule without a window for every chain role", () => {
    const bad = shipped.replace("windows: { security_officer: 2h, unit_head: 2h,", "windows: { security_officer: 2h,");
    expect(errorOf(bad)).toMatch(
      /rules\[0\]\.ack\.windows: the default rule must give an acknowledgement window for every chain role \(missing unit_head\)/,
    );
  });

  it("rejects unknown categories in rules and unknown keys", () => {
    expect(errorOf(shipped.replace("categories: [intrusion] }", "categories: [hacking] }"))).toMatch(
      /when\.categories: unknown category hacking/,
    );
    expect(errorOf(shipped.replace("version: 1", "version: 1\nsurprise: true"))).toMatch(
      /^bad\.yaml:\d+: \(top level\): Unrecognized key: "surprise"/,
    );
  });

  it("reports YAML syntax errors with their line", () => {
    expect(errorOf("version: 1\nchain: [a, b\n")).toMatch(/^bad\.yaml:\d+: YAML syntax/);
  });
});
