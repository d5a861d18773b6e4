import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { type App, startApp } from "../../src/app/app.js";
import type { Feature } from "../../src/app/context.js";
import { shippedFeatures } from "../../src/app/features.js";
import type { ChatAdapter } from "../../src/chat/adapter.js";
import { configSchema } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import type { OrgFile } from "../../src/org/org-file.js";
import { freshDatabase, type TestDbKind } from "./databases.js";
import { testRedis } from "./redis.js";

export interface TestApp {
  app: App;
  clock: FakeClock;
  /** The in-memory platform: act as people with chat.asUserSay / asUserPress / asUserSubmitForm. */
  chat: MemoryAdapter;
  stop(): Promise<void>;
}

/**
 * A whole Watchkeeper on a fake clock: fresh migrated database (PGlite by default), real Redis with a
 * private prefix, the example org loaded, the memory adapter (platform "memory"; org people and groups
 * are reachable there by their org ids, e.g. asUserSay("wang.wu", "it-centre-group", "/report …")).
 */
export async function startTestApp(
  options: {
    db?: TestDbKind;
    features?: Feature[];
    adapters?: ChatAdapter[];
    org?: string | null;
    start?: string;
    locale?: "zh-CN" | "en";
    /** Serve HTTP on a free port (app.url), for tests that browse or call the app. */
    http?: boolean;
  } = {},
): Promise<TestApp> {
  const clock = new FakeClock(options.start ?? "2026-03-02T01:00:00Z");
  const db = await freshDatabase(options.db ?? "pglite");
  const redis = await testRedis();
  const chat = new MemoryAdapter({ platform: "memory" });
  const config = configSchema.parse({
    locale: options.locale ?? "zh-CN",
    logLevel: "silent",
    queuePrefix: redis.prefix,
    port: 0,
  });
  if (options.org !== null) await importOrg(db.prisma, orgForMemoryChat(options.org), { clock });
  const app = await startApp({
    config,
    clock,
    logger: silentLogger,
    db,
    redis,
    http: options.http ?? false,
    adapters: [chat, ...(options.adapters ?? [])],
    features: options.features ?? shippedFeatures(),
  });
  return {
    app,
    clock,
    chat,
    async stop() {
      await app.stop();
      await redis.close();
      await db.close();
    },
  };
}

/**
 * An org file (the example school by default) with every person and group also bound on the memory
 * platform under its own id, so tests can speak as org people in org groups.
 */
export function orgForMemoryChat(path = new URL("../../examples/org.yaml", import.meta.url).pathname): OrgFile {
  const org = readOrgFile(path);
  for (const p of org.people) p.chat = { ...p.chat, memory: p.id } as typeof p.chat;
  for (const g of org.groups) g.chat = { ...g.chat, memory: g.id } as typeof g.chat;
  return org;
}
