#!/usr/bin/env node
// Writes migration SQL offline with Prisma 6.19's JS schema engine (tools/schema-differ).
//
//   node scripts/migration-sql.mjs new <name>   diff the schema as of the last migration commit
//                                               against the working tree into a new migration folder
//   node scripts/migration-sql.mjs new <name> --only <file.prisma>
//                                               a migration that adds just that new schema file
//   node scripts/migration-sql.mjs full         print the SQL that creates the current schema from empty
//
// Prisma 7's own `migrate` needs a native engine that cannot be downloaded here.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const differ = join(root, "tools/schema-differ");

export function ensureDiffer() {
  if (existsSync(join(differ, "node_modules/prisma/build/index.js"))) return;
  const r = spawnSync("npm", ["ci", "--prefix", differ, "--no-audit", "--no-fund", "--loglevel=error"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error("could not install tools/schema-differ (npm ci failed)");
}

/** Copies a schema folder, giving the datasource the `url` Prisma 6 insists on. */
function prepareSchema(files) {
  const dir = mkdtempSync(join(tmpdir(), "wk-schema-"));
  for (const [name, text] of files) {
    let s = text;
    if (/datasource\s+db/.test(s)) {
      s = s.replace(
        /generator client \{[\s\S]*?\}\n/,
        'generator client {\n  provider = "prisma-client"\n  output = "./gen"\n  previewFeatures = ["driverAdapters"]\n  engineType = "client"\n}\n',
      );
      s = s.replace(/provider\s*=\s*"postgresql"\s*\n\}/, 'provider = "postgresql"\n  url = "postgresql://unused"\n}');
    }
    writeFileSync(join(dir, name), s);
  }
  return dir;
}

function workingSchema() {
  const dir = join(root, "prisma/schema");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]);
}

function schemaAt(ref) {
  const names = execFileSync("git", ["ls-tree", "--name-only", `${ref}:prisma/schema`], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.endsWith(".prisma"));
  return names.map((f) => [
    f,
    execFileSync("git", ["show", `${ref}:prisma/schema/${f}`], { cwd: root, encoding: "utf8" }),
  ]);
}

function diff(fromArgs, toDir) {
  ensureDiffer();
  const r = spawnSync(
    process.execPath,
    [
      join(differ, "node_modules/prisma/build/index.js"),
      "migrate",
      "diff",
      ...fromArgs,
      "--to-schema-datamodel",
      toDir,
      "--script",
    ],
    { cwd: differ, encoding: "utf8", env: { ...process.env, WK_DIFF_SCHEMA: toDir, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
  );
  if (r.status !== 0) throw new Error(`prisma migrate diff failed:\n${r.stderr}`);
  // Prisma emits CREATE SCHEMA "public" first; it always exists, and our migrator runs in it.
  return r.stdout.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/, "");
}

export function fullSql() {
  return diff(["--from-empty"], prepareSchema(workingSchema()));
}

function newMigration(name, onlyFile) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lower-case letters, digits and _ only");
  const last = execFileSync("git", ["log", "-1", "--format=%H", "--", "prisma/migrations"], {
    cwd: root,
    encoding: "utf8",
  }).trim();
  // --only <file>: the migration adds just that schema file to the working tree's schema (when other,
  // uncommitted schema changes already have their own migration).
  const from = onlyFile
    ? ["--from-schema-datamodel", prepareSchema(workingSchema().filter(([f]) => f !== onlyFile))]
    : last
      ? ["--from-schema-datamodel", prepareSchema(schemaAt(last))]
      : ["--from-empty"];
  const sql = diff(from, prepareSchema(workingSchema()));
  if (/This is an empty migration/.test(sql) || !sql.trim()) {
    console.error("no schema change since the last migration commit");
    process.exit(1);
  }
  const ts = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join(root, "prisma/migrations", `${ts}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`wrote ${join("prisma/migrations", `${ts}_${name}`, "migration.sql")}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [cmd, arg, flag, file] = process.argv.slice(2);
  if (cmd === "full") process.stdout.write(fullSql());
  else if (cmd === "new" && arg) newMigration(arg, flag === "--only" ? file : undefined);
  else {
    console.error("usage: migration-sql.mjs new <name> [--only <file.prisma>] | full");
    process.exit(2);
  }
}
