import { Command } from "commander";
import { AuditLog } from "../audit/audit-log.js";
import { loadConfig } from "../config/load.js";
import { systemClock } from "../core/clock.js";
import { openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { createLoginLink } from "./auth/login-links.js";
import { setDashboardPassword } from "./auth/passwords.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/**
 * `watchkeeper dashboard link <personId>` and `watchkeeper dashboard password <personId>` (password on
 * stdin, never in argv where `ps` and shell history would show it). Wire with `program.addCommand(dashboardCommand())`.
 */
export function dashboardCommand(): Command {
  const cmd = new Command("dashboard").description("the admin dashboard (/dashboard)");
  const withDeps = async <T>(fn: (deps: Parameters<typeof createLoginLink>[0]) => Promise<T>): Promise<T> => {
    const config = loadConfig();
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(db);
      return await fn({ db, clock: systemClock, config, audit: new AuditLog(db.prisma, systemClock) });
    } finally {
      await db.close();
    }
  };
  cmd
    .command("link <personId>")
    .description("print a single-use sign-in link for a person (valid 15 minutes)")
    .option(
      "--base-url <url>",
      "address people reach the dashboard at (default WATCHKEEPER_PUBLIC_URL, else HOST:PORT)",
    )
    .action(async (personId: string, opts: { baseUrl?: string }) => {
      const link = await withDeps((deps) =>
        createLoginLink(deps, personId, {
          actor: "cli",
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl.replace(/\/+$/, "") } : {}),
        }),
      );
      process.stdout.write(`${link.url}\n`);
      process.stderr.write(`valid until ${link.expiresAt.toISOString()}, once\n`);
    });
  cmd
    .command("password <personId>")
    .description("set a person's dashboard password, read from stdin (8+ characters, letters and digits)")
    .action(async (personId: string) => {
      const password = await readStdin();
      await withDeps((deps) => setDashboardPassword(deps, personId, password, "cli"));
      process.stdout.write(`dashboard password set for ${personId}\n`);
    });
  return cmd;
}
