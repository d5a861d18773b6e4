import type { SqlSession } from "../../src/db/database.js";

/**
 * A comparable description of the public schema: tables, columns (type, nullability, default),
 * constraints, indexes and enums. Triggers and functions (our append-only guards) are not part of
 * Prisma's schema and are left out.
 */
export async function describeCatalog(s: SqlSession): Promise<Record<string, string[]>> {
  const columns = await s.query<{ t: string; c: string; type: string; nullable: string; def: string | null }>(`
    SELECT c.table_name AS t, c.column_name AS c, c.udt_name || coalesce('(' || c.datetime_precision || ')', '') AS type,
           c.is_nullable AS nullable, c.column_default AS def
      FROM information_schema.columns c
     WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
     ORDER BY 1, 2`);
  const constraints = await s.query<{ t: string; name: string; def: string }>(`
    SELECT conrelid::regclass::text AS t, conname AS name, pg_get_constraintdef(oid) AS def
      FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid <> 0 AND conrelid::regclass::text <> '"_prisma_migrations"'
       AND conrelid::regclass::text <> '_prisma_migrations'
     ORDER BY 1, 2`);
  const indexes = await s.query<{ t: string; def: string }>(`
    SELECT tablename AS t, indexdef AS def FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`);
  const enums = await s.query<{ name: string; labels: string }>(`
    SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE t.typnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 1`);
  return {
    columns: columns.map(
      (r) => `${r.t}.${r.c} ${r.type} ${r.nullable === "YES" ? "null" : "not null"} default=${normaliseDefault(r.def)}`,
    ),
    constraints: constraints.map((r) => `${r.t} ${r.name} ${r.def}`),
    indexes: indexes.map((r) => `${r.t} ${r.def}`),
    enums: enums.map((r) => `${r.name}: ${r.labels}`),
  };
}

// Sequence names in serial defaults differ only by OID-free naming; keep them, they are deterministic.
function normaliseDefault(d: string | null): string {
  return d ?? "none";
}
