import { describe, expect, it } from "vitest";
import { coreCommands } from "../../src/bot/core-commands.js";
import { createDutiesFeature, loadDutiesPolicy } from "../../src/duties/index.js";
import { parseDutiesPolicyText } from "../../src/duties/policy.js";
import { cronPatternFor, occurrencesBetween } from "../../src/duties/schedule.js";
import { incidentsFeature, openIncident } from "../../src/incidents/index.js";
import { purgeExpired } from "../../src/retention/purge.js";
import { startTestApp } from "../support/test-app.js";
import { days, fixture } from "./helpers.js";

describe("log retention", { timeout: 120_000 }, () => {
  it("purges what is past 60 days but keeps the evidence of an open case, and the audit chain still verifies", async () => {
    const t = await startTestApp({
      start: "2026-03-02T01:00:00Z",
      features: [coreCommands, incidentsFeature, createDutiesFeature({ policyPath: fixture("quiet.yaml") })],
    });
    try {
      const app = t.app.context;
      const prisma = app.db.prisma;
      await app.audit.append({ actor: "test", action: "test.before", subjectType: "test", subjectId: "1" });
      await t.chat.asUserSay("zhou.jiu", "academic-group", "下周一例会改到三楼");
      await t.chat.asUserSay("wang.wu", "it-centre-group", "官网首页被篡改，已截图");
      const inc = await openIncident(app, {
        category: "site_defacement",
        severity: "general",
        unitId: "it-centre",
        description: "官网首页被篡改",
        reporter: { personId: "wang.wu" },
        sourceGroupId: "it-centre-group",
      });
      expect(inc.evidence).toBeGreaterThan(0);
      const firstIncidentAudit = await prisma.auditEntry.findFirstOrThrow({
        where: { subjectId: inc.id },
        orderBy: { seq: "asc" },
      });

      // 59 days on nothing has gone; by day 61 the daily purge has run past the 60-day line.
      await t.clock.advance(days(59));
      expect(await prisma.storedMessage.count()).toBe(2);
      await t.clock.advance(days(2));
      const left = await prisma.storedMessage.findMany();
      expect(left.map((m) => m.text)).toEqual(["官网首页被篡改，已截图"]);
      expect(await prisma.evidence.count({ where: { incidentId: inc.id } })).toBe(inc.evidence);
      // Audit rows before the open case's first row are gone; from there the chain is whole.
      const oldest = await prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: "asc" } });
      expect(oldest.seq).toBe(firstIncidentAudit.seq);
      expect(await prisma.auditEntry.count({ where: { action: "test.before" } })).toBe(0);
      expect(await prisma.auditEntry.count({ where: { action: "retention.purged" } })).toBeGreaterThan(0);
      expect(await app.audit.verify()).toMatchObject({ ok: true });

      // Once the case is closed, its evidence and messages may go too.
      await prisma.incident.update({ where: { id: inc.id }, data: { state: "closed" } });
      const r = await purgeExpired(prisma, { clock: t.clock, keepMs: days(60), audit: app.audit });
      expect(r).toMatchObject({ messages: 1, evidence: inc.evidence });
      expect(await prisma.storedMessage.count()).toBe(0);
      expect(await app.audit.verify()).toMatchObject({ ok: true });

      // Outside the purge the triggers still refuse to delete.
      await expect(prisma.auditEntry.deleteMany({})).rejects.toThrow(/retention purge/);
    } finally {
      await t.stop();
    }
  });

  it("catches a tampered audit row", async () => {
    const t = await startTestApp({ features: [coreCommands] });
    try {
      const { audit, db } = t.app.context;
      for (const n of [1, 2, 3])
        await audit.append({ actor: "test", action: "test.row", subjectType: "test", subjectId: String(n) });
      expect(await audit.verify()).toEqual({ ok: true, rows: 3 });
      const [, second] = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
      await db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"`);
      await db.prisma.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actor" = 'mallory' WHERE "seq" = $1`, second!.seq);
      await db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"`);
      expect(await audit.verify()).toMatchObject({ ok: false, rows: 1, brokenAt: second!.seq });
    } finally {
      await t.stop();
    }
  });
});

describe("duties policy", { timeout: 120_000 }, () => {
  it("refuses a retention shorter than 60 days, naming the file, line and field", () => {
    const text = "version: 1\nretention:\n  keep: 30d\nchecks: {}\n";
    expect(() => parseDutiesPolicyText(text, "checks.yaml")).toThrow(
      /checks\.yaml:3: retention\.keep: must be at least 60d/,
    );
  });

  it("loads the shipped policy and schedules holidays, weekends and 90-day password changes", () => {
    const { policy, roster } = loadDutiesPolicy(new URL("../../policy/duties/checks.yaml", import.meta.url).pathname);
    expect(roster.units["it-centre"]?.rotation.length).toBeGreaterThan(0);
    // Labour Day week 2026: Fri 05-01 is a holiday; Mon 05-04 and Tue 05-05 too.
    const occ = occurrencesBetween(policy, roster, new Date("2026-04-30T16:00:00Z"), new Date("2026-05-06T16:00:00Z"));
    const on = (id: string) => occ.filter((o) => o.dutyId === id).map((o) => o.at.toISOString());
    expect(on("machine_room_friday")).toEqual([]);
    expect(on("machine_room_monday")).toEqual([]);
    expect(on("weekend_holiday")).toEqual(
      ["05-01", "05-02", "05-03", "05-04", "05-05"].map((d) => `2026-${d}T02:00:00.000Z`),
    );
    expect(on("patching")).toEqual(["2026-05-06T02:00:00.000Z"]);
    // Every 90 days from 2026-03-02: 2026-05-31, 2026-08-29.
    const year = occurrencesBetween(policy, roster, new Date("2026-03-03T00:00:00Z"), new Date("2026-09-01T00:00:00Z"));
    expect([...new Set(year.filter((o) => o.dutyId === "password_change").map((o) => o.at.toISOString()))]).toEqual([
      "2026-05-31T02:00:00.000Z",
      "2026-08-29T02:00:00.000Z",
    ]);
    expect(cronPatternFor(policy.checks.machine_room_friday!)).toBe("30 14 * * 5");
    expect(cronPatternFor(policy.checks.password_change!)).toBe("0 10 * * *");
  });
});
