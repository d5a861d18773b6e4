import { resolve } from "node:path";
import { AuditLog } from "../audit/audit-log.js";
import { Dispatcher } from "../bot/dispatcher.js";
import { BotRegistry } from "../bot/registry.js";
import { storeStage } from "../bot/store-stage.js";
import type { ChatAdapter } from "../chat/adapter.js";
import { ChatHub } from "../chat/hub.js";
import type { AppConfig } from "../config/schema.js";
import { type Clock, systemClock } from "../core/clock.js";
import { createLogger, type Logger } from "../core/logger.js";
import { type Database, openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { HttpRouter, sendJson } from "../http/router.js";
import { startHttpServer } from "../http/server.js";
import { importOrg, readOrgFile } from "../org/import.js";
import { PrismaDirectory } from "../org/prisma-directory.js";
import { connectRedis, type RedisHandle } from "../queue/redis.js";
import { adapterEnv } from "./adapter-env.js";
import type { AppContext, Feature, ReadinessCheck } from "./context.js";

export interface AppOptions {
  config: AppConfig;
  clock?: Clock;
  logger?: Logger;
  /** The chat adapters to run, or a function choosing them once the app context exists. */
  adapters: ChatAdapter[] | ((context: AppContext) => ChatAdapter[]);
  /** The capabilities to install (see src/app/features.ts for the shipped list). */
  features: Feature[];
  /** Skip the HTTP server (CLI commands that only need the engine). */
  http?: boolean;
  /** An already-open database (tests, simulator). */
  db?: Database;
  /** An already-connected Redis (tests). */
  redis?: RedisHandle;
}

export interface App {
  context: AppContext;
  dispatcher: Dispatcher;
  /** Base URL of the HTTP server, when started. */
  url: string | undefined;
  stop(): Promise<void>;
}

/** Builds and starts Watchkeeper: database (migrated), Redis, org, features, adapters, HTTP. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const stops: (() => Promise<void>)[] = [];
  const starts: (() => Promise<void>)[] = [];
  const checks = new Map<string, ReadinessCheck>();
  let stopped = false;

  const cleanup: (() => Promise<void>)[] = [];
  const fail = async (e: unknown) => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
    throw e;
  };

  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  if (!options.db) cleanup.push(() => db.close());
  try {
    await migrate(db, { logger });
  } catch (e) {
    return fail(e);
  }
  let redis: RedisHandle;
  try {
    redis =
      options.redis ??
      (await connectRedis({ url: config.redisUrl, prefix: config.queuePrefix, spawn: config.redisSpawn, logger }));
  } catch (e) {
    return fail(e);
  }
  if (!options.redis) cleanup.push(() => redis.close());

  const directory = new PrismaDirectory(db.prisma, clock);
  const audit = new AuditLog(db.prisma, clock);
  const chat = new ChatHub(directory, logger);
  const bot = new BotRegistry();
  const http = new HttpRouter();
  const context: AppContext = {
    config,
    logger,
    clock,
    db,
    redis,
    directory,
    audit,
    chat,
    bot,
    http,
    onStart: (fn) => starts.push(fn),
    onStop: (fn) => stops.push(fn),
    readiness: (name, check) => checks.set(name, check),
  };

  checks.set("database", async () => ({ ok: await db.ping(), detail: db.describe }));
  checks.set("redis", async () => ({
    ok: await redis.ping(),
    detail: redis.spawned ? "private redis-server" : "REDIS_URL",
  }));
  bot.stage(storeStage(db.prisma, clock));
  const dispatcher = new Dispatcher({ registry: bot, directory, audit, logger, defaultLocale: config.locale });
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;

  try {
    for (const f of options.features) await f.install(context);

    if (config.orgFile) {
      const path = resolve(config.orgFile);
      const summary = await importOrg(db.prisma, readOrgFile(path), { clock, audit });
      directory.invalidate();
      logger.info({ file: path, ...summary }, "org file imported");
    }

    http.get("/healthz", (_req, res) => sendJson(res, 200, { status: "ok" }));
    http.get("/readyz", async (_req, res) => {
      const results: Record<string, { ok: boolean; detail?: string }> = {};
      for (const [name, check] of checks)
        results[name] = await check().catch((e: Error) => ({ ok: false, detail: e.message }));
      for (const a of chat.all()) results[`adapter:${a.platform}`] = a.health();
      const ok = !stopped && Object.values(results).every((r) => r.ok);
      sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "not_ready", checks: results });
    });

    const commands = bot.commandList().map((c) => ({ name: c.name, description: c.description[config.locale] }));
    const adapters = typeof options.adapters === "function" ? options.adapters(context) : options.adapters;
    for (const adapter of adapters) {
      chat.add(adapter);
      await adapter.start(
        dispatcher.handlerFor(adapter),
        adapterEnv(adapter.platform, { prisma: db.prisma, http, logger, clock, commands }),
      );
      cleanup.push(() => adapter.stop());
    }
    if (options.http !== false) {
      server = await startHttpServer(http, { host: config.host, port: config.port, logger });
      cleanup.push(() => server!.close());
    }
    for (const s of starts) await s();
  } catch (e) {
    for (const s of stops.reverse()) await s().catch(() => {});
    return fail(e);
  }

  return {
    context,
    dispatcher,
    url: server?.url,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Stop taking new events first, then drain workers, then close connections.
      for (const a of chat.all())
        await a.stop().catch((e: Error) => logger.warn({ err: e.message }, "adapter stop failed"));
      for (const s of stops.reverse())
        await s().catch((e: Error) => logger.warn({ err: e.message }, "stop hook failed"));
      if (server) await server.close();
      if (!options.redis) await redis.close();
      if (!options.db) await db.close();
    },
  };
}
