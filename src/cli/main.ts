import { Command } from "commander";
import { AuditLog } from "../audit/audit-log.js";
import { loadConfig } from "../config/load.js";
import { systemClock } from "../core/clock.js";
import { dashboardCommand } from "../dashboard/cli.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { importOrg, readOrgFile } from "../org/import.js";
import { runAssessmentReport } from "./assessment.js";
import { runDutiesReport } from "./duties-report.js";
import { reportError } from "./io.js";
import { runModerate } from "./moderate.js";
import { createProgress } from "./progress.js";
import { runRescan } from "./rescan.js";
import { runSimulate } from "./simulate.js";
import { runStart } from "./start.js";

/** Opens the configured database, migrated, for one-shot commands. */
async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function buildCli(): Command {
  const program = new Command("watchkeeper")
    .description("Network-security accountability rules at work in group chats (Slack, Telegram, local web chat).")
    .showHelpAfterError();

  program
    .command("start", { isDefault: true })
    .description("run the bot (local web chat on the embedded database unless Slack/Telegram are configured)")
    .action(async () => {
      await runStart();
    });

  program
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(async () => {
      const r = await withDatabase((db) => migrate(db));
      process.stdout.write(r.applied.length ? `applied: ${r.applied.join(", ")}\n` : "database is up to date\n");
    });

  program
    .command("moderate")
    .description('judge text with the shipped policy and lexicons: moderate "text" | moderate --jsonl < in.jsonl')
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]")
    .action(async (args: string[]) => {
      process.exitCode = await runModerate(args, {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });

  program
    .command("rescan")
    .description("re-judge stored messages with the current lexicons and report what changes (acts on nothing)")
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]")
    .action(async (args: string[]) => {
      process.exitCode = await runRescan(args, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command("simulate <scenario>")
    .description(
      "run a scenario (YAML) on a virtual clock against a fresh embedded database; prints the transcript as JSON lines",
    )
    .action(async (scenario: string) => {
      process.exitCode = await runSimulate([scenario], { stdout: process.stdout, stderr: process.stderr });
    });

  const org = program.command("org").description("organisation directory");
  org
    .command("import <file>")
    .description("load units, people, roles, chat identities and groups from a YAML org file (idempotent)")
    .action(async (file: string) => {
      const parsed = readOrgFile(file);
      const progress = createProgress("import", parsed.units.length + parsed.people.length + parsed.groups.length);
      const summary = await withDatabase((db) =>
        importOrg(db.prisma, parsed, {
          clock: systemClock,
          audit: new AuditLog(db.prisma, systemClock),
          actor: "cli",
          onProgress: () => progress.tick(),
        }),
      );
      progress.done();
      process.stdout.write(
        `imported ${file}: ${summary.units} units, ${summary.people} people, ${summary.roles} roles, ${summary.identities} chat identities, ${summary.groups} groups (${summary.rolesEnded} roles ended)\n`,
      );
    });

  const audit = program.command("audit").description("the hash-chained audit log");
  audit
    .command("verify")
    .description("check the audit log's hash chain and report the first broken link")
    .action(async () => {
      const r = await withDatabase((db) => new AuditLog(db.prisma, systemClock).verify());
      if (r.ok) {
        process.stdout.write(`audit log intact: ${r.rows} rows verified\n`);
      } else {
        process.stdout.write(
          `audit log BROKEN at row ${r.brokenAt}: ${r.reason} (${r.rows} rows before it verified)\n`,
        );
        process.exitCode = 2;
      }
    });

  const report = program.command("report").description("compliance reports");
  const io = { stdout: process.stdout, stderr: process.stderr };
  report
    .command("duties")
    .description("each unit's routine duties kept, late and missed: --from <date> --to <date> [--unit <id>]")
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]")
    .action(async (args: string[]) => {
      process.exitCode = await runDutiesReport(args, io);
    });
  report
    .command("assessment")
    .description("annual assessment (年度考核) figures: --year <yyyy> [--unit <id>] [--format md|csv]")
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]")
    .action(async (args: string[]) => {
      process.exitCode = await runAssessmentReport(args, io);
    });

  program.addCommand(dashboardCommand());

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
