import { adaptersFromConfig } from "../../src/app/adapters.js";
import { type App, startApp } from "../../src/app/app.js";
import type { Feature } from "../../src/app/context.js";
import { configSchema } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import { freshDatabase } from "./databases.js";
import { testRedis } from "./redis.js";

/**
 * The app as `npm start` builds it — adapters chosen from environment variables, HTTP on a free port —
 * on a fresh PGlite with the example org and a private Redis prefix. `cleanup` collects what to close.
 */
export async function appFromEnv(
  env: NodeJS.ProcessEnv,
  features: Feature[],
  cleanup: (() => Promise<void>)[],
): Promise<App> {
  const db = await freshDatabase("pglite");
  const redis = await testRedis();
  cleanup.push(
    () => db.close(),
    () => redis.close(),
  );
  const clock = new FakeClock(new Date());
  await importOrg(db.prisma, readOrgFile("examples/org.yaml"), { clock });
  const app = await startApp({
    config: configSchema.parse({ port: 0, logLevel: "silent", queuePrefix: redis.prefix }),
    clock,
    logger: silentLogger,
    db,
    redis,
    adapters: (ctx) => adaptersFromConfig(ctx, env),
    features,
  });
  cleanup.push(() => app.stop());
  return app;
}
