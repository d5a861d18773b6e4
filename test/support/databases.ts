// Real databases for integration tests: a fresh PostgreSQL database per call (dropped afterwards)
// or an in-memory PGlite. Never a mock.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrator.js";

export const adminUrl = process.env.WATCHKEEPER_TEST_PG ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Creates an empty PostgreSQL database and returns its URL and a drop function. */
export async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wk_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export type TestDbKind = "postgres" | "pglite";

/** Opens a fresh, migrated database of the given kind; `close` also drops it. */
export async function freshDatabase(kind: TestDbKind = "pglite"): Promise<Database> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrate(db);
    return db;
  }
  const fresh = await freshPostgresUrl();
  const db = await openDatabase({ databaseUrl: fresh.url });
  await migrate(db);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await fresh.drop();
  };
  return db;
}
