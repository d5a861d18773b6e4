import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.js";
import { migrate, readMigrations } from "../../src/db/migrator.js";
import { describeCatalog } from "../support/catalog.js";
import { freshPostgresUrl } from "../support/databases.js";

// The SQL Prisma's own differ writes for the current schema (tools/schema-differ, Prisma 6.19's JS engine).
let expectedSql: string;
beforeAll(() => {
  expectedSql = execFileSync(process.execPath, ["scripts/migration-sql.mjs", "full"], {
    encoding: "utf8",
    timeout: 120_000,
  });
}, 180_000);

// SQL that Prisma's schema language cannot express, written by hand into a migration. The migrated
// database must have each of these, and otherwise match Prisma's schema exactly.
const handWritten = [/"Deadline_one_open_per_key"/];

async function catalogOf(db: Database) {
  const s = await db.session();
  try {
    return await describeCatalog(s);
  } finally {
    await s.release();
  }
}

async function withDb<T>(kind: "postgres" | "pglite", fn: (db: Database) => Promise<T>): Promise<T> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://" });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const fresh = await freshPostgresUrl();
  const db = await openDatabase({ databaseUrl: fresh.url });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await fresh.drop();
  }
}

describe.each(["postgres", "pglite"] as const)("migrations on %s", (kind) => {
  it("produce exactly the schema Prisma derives from prisma/schema", async () => {
    const migrated = await withDb(kind, async (db) => {
      await migrate(db);
      return catalogOf(db);
    });
    const fromSchema = await withDb(kind, async (db) => {
      const s = await db.session();
      await s.exec(expectedSql);
      await s.release();
      return catalogOf(db);
    });
    expect(migrated.columns?.length).toBeGreaterThan(50);
    for (const extra of handWritten) expect(migrated.indexes?.some((i) => extra.test(i))).toBe(true);
    migrated.indexes = migrated.indexes?.filter((i) => !handWritten.some((extra) => extra.test(i))) ?? [];
    expect(migrated).toEqual(fromSchema);
  });

  it("are recorded in _prisma_migrations with Prisma's checksums and applied only once", async () => {
    await withDb(kind, async (db) => {
      const first = await migrate(db);
      expect(first.applied).toEqual(readMigrations().map((m) => m.name));
      const second = await migrate(db);
      expect(second.applied).toEqual([]);
      const s = await db.session();
      const rows = await s.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      await s.release();
      expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(
        readMigrations().map((m) => [m.name, m.checksum]),
      );
      expect(rows.every((r) => r.finished_at)).toBe(true);
    });
  });

  it("roll back a failing migration whole and refuse to go on", async () => {
    await withDb(kind, async (db) => {
      const good = readMigrations();
      const bad = {
        name: "29990101000000_broken",
        sql: 'CREATE TABLE "Half" (id int);\nSELECT nonsense_function();',
        checksum: "x".repeat(64),
      };
      await expect(migrate(db, { migrations: [...good, bad] })).rejects.toMatchObject({
        code: "watchkeeper_migration_failed",
      });
      const s = await db.session();
      const half = await s.query(`SELECT to_regclass('public."Half"')::text AS t`);
      await s.release();
      expect(half).toEqual([{ t: null }]);
    });
  });
});

describe("two processes migrating one PostgreSQL at once", () => {
  let fresh: Awaited<ReturnType<typeof freshPostgresUrl>>;
  beforeAll(async () => {
    fresh = await freshPostgresUrl();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("apply each migration once, serialised by the advisory lock", async () => {
    const [a, b] = await Promise.all([
      openDatabase({ databaseUrl: fresh.url }),
      openDatabase({ databaseUrl: fresh.url }),
    ]);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(readMigrations().map((m) => m.name));
      const s = await a.session();
      const [count] = await s.query<{ n: string }>(`SELECT count(*)::text AS n FROM "_prisma_migrations"`);
      await s.release();
      expect(Number(count?.n)).toBe(readMigrations().length);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
