import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { type App, startApp } from "../../src/app/app.js";
import type { Feature } from "../../src/app/context.js";
import { coreCommands } from "../../src/bot/core-commands.js";
import { configSchema } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { dashboardFeature } from "../../src/dashboard/feature.js";
import { createObservabilityFeature } from "../../src/observability/feature.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import { freshDatabase } from "../support/databases.js";
import { testRedis } from "../support/redis.js";

export interface DashboardApp {
  app: App;
  url: string;
  clock: FakeClock;
  chat: MemoryAdapter;
  stop(): Promise<void>;
}

/**
 * A real Watchkeeper on an ephemeral port: PGlite in memory, the test Redis, the example school, the
 * memory chat (org ids are chat ids, so a DM to wang.wu lands in channel "dm:wang.wu"), the dashboard
 * and /metrics.
 */
export async function startDashboardApp(
  options: {
    metricsToken?: string | null;
    /** The features to install; by default the core commands, observability and the dashboard. */
    features?: Feature[];
  } = {},
): Promise<DashboardApp> {
  const clock = new FakeClock("2026-03-02T01:00:00Z");
  const db = await freshDatabase("pglite");
  const redis = await testRedis();
  const org = readOrgFile(new URL("../../examples/org.yaml", import.meta.url).pathname);
  for (const p of org.people) p.chat = { ...p.chat, memory: p.id } as typeof p.chat;
  for (const g of org.groups) g.chat = { ...g.chat, memory: g.id } as typeof g.chat;
  await importOrg(db.prisma, org, { clock });
  const chat = new MemoryAdapter({ platform: "memory" });
  const app = await startApp({
    config: configSchema.parse({ port: 0, logLevel: "silent", queuePrefix: redis.prefix }),
    clock,
    logger: silentLogger,
    db,
    redis,
    adapters: [chat],
    features: options.features ?? [
      coreCommands,
      createObservabilityFeature({ token: options.metricsToken ?? null }),
      dashboardFeature,
    ],
  });
  return {
    app,
    url: app.url!,
    clock,
    chat,
    async stop() {
      await app.stop();
      await redis.close();
      await db.close();
    },
  };
}

/** The newest dashboard link the bot sent a person by DM in the memory chat. */
export function lastLinkSentTo(chat: MemoryAdapter, personId: string): string | undefined {
  const dms = chat.world.visible(`dm:${personId}`);
  for (const m of [...dms].reverse()) {
    const link = /https?:\/\/\S+\/dashboard\/login\/link\?token=[\w%-]+/.exec(m.text)?.[0];
    if (link) return link;
  }
  return undefined;
}

/** Messages, an incident and deadlines, so the home page has real numbers to show. */
export async function seedActivity(app: App, now: Date): Promise<void> {
  const { prisma } = app.context.db;
  const hour = 3600_000;
  let n = 0;
  const message = (groupId: string, sender: string, at: Date) =>
    prisma.storedMessage.create({
      data: {
        platform: "memory",
        channelExternalId: groupId,
        messageExternalId: `seed${++n}`,
        groupId,
        senderExternalId: sender,
        senderPersonId: sender,
        text: `message ${n}`,
        sentAt: at,
        contentHash: `h${n}`,
        moderationState: "done",
      },
    });
  for (let day = 0; day < 5; day++)
    for (let i = 0; i <= day; i++)
      await message("it-centre-group", "wang.wu", new Date(now.getTime() - day * 24 * hour - (i + 1) * 60_000));
  await message("academic-group", "zhou.jiu", new Date(now.getTime() - 2 * hour));
  const incident = await prisma.incident.create({
    data: {
      number: "INC-2026-0001",
      year: 2026,
      seq: 1,
      category: "virus",
      severity: "serious",
      unitId: "academic-affairs",
      description: "<script>alert(1)</script> virus on the office PC",
      reporterPersonId: "zhou.jiu",
      policySnapshot: {},
      chainSnapshot: {},
      openedAt: new Date(now.getTime() - hour),
    },
  });
  await prisma.deadline.create({
    data: {
      incidentId: incident.id,
      kind: "ack",
      ownerPersonId: "sun.ba",
      ownerPersonIds: ["sun.ba"],
      ownerRole: "unit_head",
      ownerUnitId: "academic-affairs",
      dueAt: new Date(now.getTime() + 3 * hour + 20 * 60_000),
    },
  });
  await prisma.deadline.create({
    data: {
      kind: "duty",
      dutyId: "police_report",
      ownerPersonId: "li.si",
      ownerPersonIds: ["li.si"],
      ownerRole: "unit_head",
      ownerUnitId: "it-centre",
      dueAt: new Date(now.getTime() - 30 * 60_000),
    },
  });
}
