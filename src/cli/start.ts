import { existsSync } from "node:fs";
import { join } from "node:path";
import { adaptersFromConfig } from "../app/adapters.js";
import { type App, startApp } from "../app/app.js";
import { shippedFeatures } from "../app/features.js";
import { loadConfig } from "../config/load.js";
import { systemClock } from "../core/clock.js";
import { createLogger } from "../core/logger.js";
import { packageRoot } from "../core/paths.js";
import { importOrg, readOrgFile } from "../org/import.js";

/** `watchkeeper start`: runs the bot until SIGINT/SIGTERM. */
export async function runStart(): Promise<App> {
  const t0 = performance.now();
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const app = await startApp({
    config,
    logger,
    adapters: (ctx) => adaptersFromConfig(ctx),
    features: shippedFeatures(),
  });
  const { db, audit, directory } = app.context;

  // First run of the local demo: an empty directory gets the example organisation, so the chat has people.
  const local = app.context.chat.get("local");
  const example = join(packageRoot(), "examples/org.yaml");
  try {
    if (local && !config.orgFile && (await db.prisma.unit.count()) === 0 && existsSync(example)) {
      await importOrg(db.prisma, readOrgFile(example), { clock: systemClock, audit });
      directory.invalidate();
      logger.info({ file: example }, "empty directory: imported the example organisation for the local chat");
    }
  } catch (e) {
    await app.stop();
    throw e;
  }

  logger.info(
    {
      url: app.url,
      database: db.describe,
      redis: app.context.redis.spawned ? "private redis-server" : "REDIS_URL",
      adapters: app.context.chat.all().map((a) => a.platform),
      startupMs: Math.round(performance.now() - t0),
    },
    local ? `Watchkeeper is running: local chat at ${app.url}` : "Watchkeeper is running",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return app;
}
