import type { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import type { App } from "../../src/app/app.js";
import type { Feature } from "../../src/app/context.js";
import { coreCommands } from "../../src/bot/core-commands.js";
import type { FakeClock } from "../../src/core/clock.js";
import { dashboardFeature } from "../../src/dashboard/feature.js";
import { createObservabilityFeature } from "../../src/observability/feature.js";
import { startTestApp } from "../support/test-app.js";

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
  const t = await startTestApp({
    http: true,
    features: options.features ?? [
      coreCommands,
      createObservabilityFeature({ token: options.metricsToken ?? null }),
      dashboardFeature,
    ],
  });
  return { app: t.app, url: t.app.url!, clock: t.clock, chat: t.chat, stop: t.stop };
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
