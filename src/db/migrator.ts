import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CodedError, ErrorCodes } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { packageRoot } from "../core/paths.js";
import type { Database } from "./database.js";

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file, as Prisma records it. */
  checksum: string;
}

/** Reads prisma/migrations/<timestamp>_<name>/migration.sql in order. */
export function readMigrations(dir = join(packageRoot(), "prisma/migrations")): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own bookkeeping table, so `prisma migrate status/deploy` on a connected machine agree with us.
const bookkeeping = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/** Any constant will do; it only has to be the same for every Watchkeeper process. */
const lockKey = 72_707_369;

export interface MigrateResult {
  applied: string[];
  skipped: number;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * processes starting together never apply one twice.
 */
export async function migrate(
  db: Database,
  options: { logger?: Logger; migrations?: Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? readMigrations();
  const s = await db.session();
  try {
    await s.query("SELECT pg_advisory_lock($1)", [lockKey]);
    try {
      await s.exec(bookkeeping);
      const rows = await s.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
      const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r]));
      const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
      if (failed) {
        throw new CodedError(
          ErrorCodes.migrationFailed,
          `migration ${failed.migration_name} failed earlier and is not resolved; fix the database, then mark it rolled back in _prisma_migrations`,
        );
      }
      const applied: string[] = [];
      for (const m of migrations) {
        const prior = done.get(m.name);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            options.logger?.warn(
              { migration: m.name },
              "an applied migration was edited afterwards; its new text is not re-applied",
            );
          }
          continue;
        }
        const started = new Date();
        try {
          await s.exec("BEGIN");
          await s.exec(m.sql);
          await s.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, $4, 1)`,
            [randomUUID(), m.checksum, m.name, started],
          );
          await s.exec("COMMIT");
        } catch (e) {
          await s.exec("ROLLBACK").catch(() => {});
          throw new CodedError(ErrorCodes.migrationFailed, `migration ${m.name} failed: ${(e as Error).message}`, {
            cause: e,
          });
        }
        applied.push(m.name);
        options.logger?.info({ migration: m.name }, "migration applied");
      }
      return { applied, skipped: migrations.length - applied.length };
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [lockKey]).catch(() => {});
    }
  } finally {
    await s.release();
  }
}
