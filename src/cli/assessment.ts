import { assessmentReport, renderAssessment } from "../accountability/assessment.js";
import { loadConfig } from "../config/load.js";
import { type Database, openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { reportError } from "./io.js";

const usage = "usage: watchkeeper report assessment --year <yyyy> [--unit <unit-id>] [--format md|csv]\n";

/** Opens the configured database, migrated (as `src/cli/main.ts` does for one-shot commands). */
async function openConfigured(): Promise<Database> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  return db;
}

/**
 * `watchkeeper report assessment --year 2026 [--unit X] [--format md|csv]`: per person and per unit, the
 * year's incidents, conduct and sanctions for the annual assessment (年度考核). argv is what follows
 * `report assessment`. `open` is for tests; by default the configured database is opened and closed.
 */
export async function runAssessmentReport(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  open: () => Promise<Database> = openConfigured,
): Promise<number> {
  let year: number | undefined;
  let unitId: string | undefined;
  let format: "md" | "csv" = "md";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = argv[i + 1];
    if (a === "-h" || a === "--help") {
      io.stdout.write(usage);
      return 0;
    }
    if (a === "--year" && value && /^\d{4}$/.test(value)) year = Number(argv[++i]);
    else if (a === "--unit" && value) unitId = argv[++i];
    else if (a === "--format" && (value === "md" || value === "csv")) format = argv[++i] as "md" | "csv";
    else {
      io.stderr.write(
        `watchkeeper report assessment: bad argument ${a}${value && a.startsWith("--") ? ` ${value}` : ""}\n${usage}`,
      );
      return 2;
    }
  }
  if (!year) {
    io.stderr.write(usage);
    return 2;
  }
  try {
    const db = await open();
    try {
      const report = await assessmentReport(db.prisma, { year, ...(unitId ? { unitId } : {}) });
      io.stdout.write(renderAssessment(report, format));
      return 0;
    } finally {
      await db.close();
    }
  } catch (e) {
    return reportError(e, io.stderr);
  }
}
