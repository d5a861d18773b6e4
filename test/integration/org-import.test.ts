import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/audit/audit-log.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/database.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import { PrismaDirectory } from "../../src/org/prisma-directory.js";
import { freshDatabase } from "../support/databases.js";

const example = new URL("../../examples/org.yaml", import.meta.url).pathname;

function orgFile(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "wk-org-")), "org.yaml");
  writeFileSync(p, text);
  return p;
}

describe("org file validation", () => {
  it("accepts the example organisation", () => {
    const org = readOrgFile(example);
    expect(org.units.map((u) => u.id)).toContain("it-centre");
    expect(org.people.find((p) => p.id === "zhang.san")?.chat).toEqual({ slack: "U0123ABCD", telegram: "123456789" });
  });

  it.each([
    [
      "units:\n  - { id: a, name: A }\n  - { id: b, name: B, parent: nowhere }\n",
      /org\.yaml:3: units\[1\]\.parent: unknown unit "nowhere"/,
    ],
    [
      "units:\n  - { id: a, name: A }\npeople:\n  - id: p\n    name: P\n    roles: [ { role: boss, unit: a } ]\n",
      /org\.yaml:6: people\[0\]\.roles\[0\]\.role: must be one of leadership_group/,
    ],
    [
      "units:\n  - { id: a, name: A }\ngroups:\n  - { id: g, unit: b }\n",
      /org\.yaml:4: groups\[0\]\.unit: unknown unit "b"/,
    ],
    [
      "units:\n  - { id: a, name: A, parent: b }\n  - { id: b, name: B, parent: a }\n",
      /units\[0\]\.parent: unit "a" is its own ancestor/,
    ],
    [
      "units:\n  - { id: a, name: A }\npeople:\n  - { id: p, name: P, chat: { slack: U1 } }\n  - { id: q, name: Q, chat: { slack: U1 } }\n",
      /org\.yaml:5: people\[1\]\.chat\.slack: slack:U1 already belongs to "p"/,
    ],
    ["units: [ { id: a name: A } ]\n", /org\.yaml:1: YAML syntax/],
    ["units:\n  - { id: a, name: A, colour: red }\n", /org\.yaml:2: units\[0\]: Unrecognized key: "colour"/],
  ])("names the line and field of a mistake (%#)", (text, message) => {
    const p = orgFile(text);
    expect(() => readOrgFile(p)).toThrowError(message);
  });
});

describe.each(["pglite", "postgres"] as const)("org import on %s", (kind) => {
  let db: Database;
  const clock = new FakeClock("2026-03-02T01:00:00Z");
  beforeEach(async () => {
    db = await freshDatabase(kind);
  });
  afterEach(async () => {
    await db.close();
  });

  it("loads units, people, roles, identities and groups, and re-importing never duplicates", async () => {
    const org = readOrgFile(example);
    const audit = new AuditLog(db.prisma, clock);
    const first = await importOrg(db.prisma, org, { clock, audit });
    const counts = async () => ({
      units: await db.prisma.unit.count(),
      people: await db.prisma.person.count(),
      roles: await db.prisma.roleAssignment.count(),
      identities: await db.prisma.chatIdentity.count(),
      groups: await db.prisma.chatGroup.count(),
      channels: await db.prisma.chatChannel.count(),
    });
    const after1 = await counts();
    await importOrg(db.prisma, org, { clock, audit });
    expect(await counts()).toEqual(after1);
    expect(after1).toMatchObject({ units: 4, people: 10, groups: 4 });
    expect(first.roles).toBe(after1.roles);
    // Every person and group is reachable on the local web chat by its own id.
    const dir = new PrismaDirectory(db.prisma, clock);
    expect((await dir.personByChat("local", "wang.wu"))?.name).toBe("王五");
    expect((await dir.personByChat("telegram", "123456793"))?.id).toBe("wang.wu");
    expect((await dir.groupByChannel("telegram", "-1001234567890"))?.unitId).toBe("it-centre");
    expect((await audit.history("org", "某某学校")).map((r) => r.action)).toEqual(["org.imported", "org.imported"]);
  });

  it("updates changed people and ends roles the file no longer lists, keeping their history", async () => {
    const org = readOrgFile(example);
    await importOrg(db.prisma, org, { clock });
    const wang = org.people.find((p) => p.id === "wang.wu")!;
    wang.name = "王五（新）";
    wang.roles = [{ role: "operator", unit: "it-centre" }];
    wang.chat = { telegram: "999" };
    await clock.advance(86_400_000);
    const summary = await importOrg(db.prisma, org, { clock });
    expect(summary.rolesEnded).toBe(1);
    const dir = new PrismaDirectory(db.prisma, clock);
    const p = await dir.person("wang.wu");
    expect(p?.name).toBe("王五（新）");
    expect(p?.roles).toEqual([{ role: "operator", unitId: "it-centre" }]);
    expect(await dir.holders("it-centre", "security_officer")).toEqual([]);
    const ended = await db.prisma.roleAssignment.findFirst({
      where: { personId: "wang.wu", role: "security_officer" },
    });
    expect(ended?.until?.toISOString()).toBe("2026-03-03T01:00:00.000Z");
    expect(await dir.personByChat("telegram", "123456793")).toBeNull();
    expect((await dir.personByChat("telegram", "999"))?.id).toBe("wang.wu");
  });
});

describe("directory", () => {
  it("walks up the unit tree and finds role holders", async () => {
    const db = await freshDatabase("pglite");
    try {
      const clock = new FakeClock();
      await importOrg(db.prisma, readOrgFile(example), { clock });
      const dir = new PrismaDirectory(db.prisma, clock);
      expect((await dir.unitAncestry("it-centre")).map((u) => u.id)).toEqual(["it-centre", "school"]);
      expect((await dir.holders("school", "leadership_group")).map((p) => p.id).sort()).toEqual([
        "zhang.san",
        "zhao.liu",
      ]);
      expect((await dir.channelsOf("it-centre-group")).map((c) => `${c.platform}:${c.id}`)).toEqual([
        "local:it-centre-group",
        "slack:C0IT00001",
        "telegram:-1001234567890",
      ]);
    } finally {
      await db.close();
    }
  });
});
