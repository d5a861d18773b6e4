import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog, genesisHash } from "../../src/audit/audit-log.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/database.js";
import { freshDatabase } from "../support/databases.js";

describe.each(["pglite", "postgres"] as const)("audit log on %s", (kind) => {
  let db: Database;
  let audit: AuditLog;
  const clock = new FakeClock("2026-03-02T01:00:00Z");
  beforeEach(async () => {
    db = await freshDatabase(kind);
    audit = new AuditLog(db.prisma, clock);
  });
  afterEach(async () => {
    await db.close();
  });

  it("chains each row to the one before it", async () => {
    const a = await audit.append({
      actor: "li.si",
      action: "incident.acknowledged",
      subjectType: "incident",
      subjectId: "INC-2026-0001",
    });
    await clock.advance(1000);
    const b = await audit.append({
      actor: "system",
      action: "deadline.missed",
      subjectType: "deadline",
      subjectId: "d1",
      data: { level: 1, who: ["a", "b"] },
    });
    expect(a.prevHash).toBe(genesisHash);
    expect(b.prevHash).toBe(a.hash);
    expect(await audit.verify()).toEqual({ ok: true, rows: 2 });
    expect((await audit.history("deadline", "d1"))[0]?.data).toEqual({ level: 1, who: ["a", "b"] });
  });

  it("keeps the chain intact under concurrent appends", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.append({ actor: "system", action: "test.concurrent", subjectType: "t", subjectId: String(i) }),
      ),
    );
    expect(await audit.verify()).toEqual({ ok: true, rows: 20 });
  });

  it("refuses to change or delete a row", async () => {
    await audit.append({ actor: "system", action: "x", subjectType: "t", subjectId: "1" });
    await expect(db.prisma.auditEntry.updateMany({ data: { actor: "mallory" } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditEntry.deleteMany({})).rejects.toThrow(/retention purge/);
  });

  it("finds the first altered row when someone bypasses the guard", async () => {
    for (let i = 0; i < 5; i++)
      await audit.append({ actor: "system", action: "x", subjectType: "t", subjectId: String(i), data: { i } });
    const s = await db.session();
    // An attacker with table-owner rights disables the trigger and rewrites history.
    await s.exec(`ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"`);
    await s.exec(`UPDATE "AuditEntry" SET data = '{"i": 99}' WHERE "subjectId" = '2'`);
    await s.exec(`ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"`);
    const [row] = await s.query<{ seq: string }>(`SELECT seq::text AS seq FROM "AuditEntry" WHERE "subjectId" = '2'`);
    await s.release();
    const r = await audit.verify();
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ rows: 2, reason: expect.stringContaining("altered") });
    expect(String((r as { brokenAt: bigint }).brokenAt)).toBe(row?.seq);
  });

  it("detects a removed row in the middle of the chain", async () => {
    for (let i = 0; i < 4; i++)
      await audit.append({ actor: "system", action: "x", subjectType: "t", subjectId: String(i) });
    const s = await db.session();
    await s.exec(
      `BEGIN; SET LOCAL watchkeeper.retention_purge = 'on'; DELETE FROM "AuditEntry" WHERE "subjectId" = '1'; COMMIT;`,
    );
    await s.release();
    const r = await audit.verify();
    expect(r).toMatchObject({ ok: false, rows: 1, reason: expect.stringContaining("removed") });
  });
});
