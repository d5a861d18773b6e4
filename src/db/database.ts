import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client.js";
import { CodedError, ErrorCodes } from "../core/errors.js";
import { redactUrl } from "../core/logger.js";

export type { PrismaClient } from "../../generated/prisma/client.js";

/** Raw SQL access on one session, for the migrator and advisory locks. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}

/** The database: a Prisma client plus raw sessions, on PostgreSQL or embedded PGlite. */
export interface Database {
  kind: "postgres" | "pglite";
  /** Where it is, safe to log (no password). */
  describe: string;
  prisma: PrismaClient;
  /** A dedicated raw session (PostgreSQL: its own connection; PGlite: the single one). */
  session(): Promise<SqlSession>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; without it, PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; "memory://" for an in-memory database. */
  dataDir?: string | undefined;
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite in a data folder. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir ?? "./data");
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {
    // Idle-client errors (server restart) surface on the next query; keep the process alive.
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new CodedError(
      ErrorCodes.databaseUnavailable,
      `DATABASE_URL: cannot connect to ${redactUrl(url)}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    describe: `PostgreSQL ${redactUrl(url)}`,
    prisma,
    async session() {
      const client = await pool.connect();
      return {
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        release: async () => client.release(),
      };
    },
    async ping() {
      try {
        await pool.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith("memory://");
  const dir = memory ? dataDir : resolve(dataDir);
  if (!memory) mkdirSync(dir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (e) {
    throw new CodedError(
      ErrorCodes.databaseUnavailable,
      `WATCHKEEPER_DATA_DIR: cannot open the embedded database in ${dir}: ${(e as Error).message} (is another Watchkeeper using it?)`,
      { cause: e },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: "pglite",
    describe: `PGlite ${dir}`,
    prisma,
    async session() {
      return {
        exec: async (sql) => {
          await db.exec(sql);
        },
        query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
        release: async () => {},
      };
    },
    async ping() {
      try {
        await db.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
