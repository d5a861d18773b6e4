import { loadConfig } from "../config/load.js";
import { CodedError, ErrorCodes } from "../core/errors.js";
import { openDatabase, type PrismaClient } from "../db/database.js";
import { dutiesReport, formatDutiesReport } from "../duties/report.js";
import { reportError } from "./io.js";

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function parseArgs(argv: string[]): { from: string; to: string; unitId?: string } {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = get("--from");
  const to = get("--to");
  const unitId = get("--unit");
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!from || !to || !date.test(from) || !date.test(to) || from > to) {
    throw new CodedError(
      ErrorCodes.commandInvalid,
      "usage: watchkeeper report duties --from YYYY-MM-DD --to YYYY-MM-DD [--unit <unit id>] (from ≤ to)",
    );
  }
  return { from, to, ...(unitId ? { unitId } : {}) };
}

/**
 * `watchkeeper report duties --from <date> --to <date> [--unit X]`: each unit's duties kept, late and
 * missed. `deps.prisma` lets tests (and the lead's CLI) pass an open database.
 */
export async function runDutiesReport(argv: string[], io: Io, deps: { prisma?: PrismaClient } = {}): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (deps.prisma) {
      io.stdout.write(formatDutiesReport(await dutiesReport(deps.prisma, args)));
      return 0;
    }
    const config = loadConfig();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      io.stdout.write(formatDutiesReport(await dutiesReport(db.prisma, args)));
    } finally {
      await db.close();
    }
    return 0;
  } catch (e) {
    return reportError(e, io.stderr);
  }
}
