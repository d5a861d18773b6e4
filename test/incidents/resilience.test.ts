import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { ChatWorld } from "../../adapters/memory/world.js";
import { type App, startApp } from "../../src/app/app.js";
import { coreCommands } from "../../src/bot/core-commands.js";
import { configSchema } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { createLogger, silentLogger } from "../../src/core/logger.js";
import { type Database, openDatabase } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrator.js";
import { createIncidentsFeature, type IncidentService, openIncident } from "../../src/incidents/index.js";
import { importOrg } from "../../src/org/import.js";
import { connectRedis, type RedisHandle } from "../../src/queue/redis.js";
import { freshPostgresUrl } from "../support/databases.js";
import { testRedisUrl } from "../support/redis.js";
import { orgForMemoryChat } from "../support/test-app.js";

// A spare Redis database of its own: this file FLUSHes it, which must never touch the shared db 0.
const spareRedis = `${testRedisUrl.replace(/\/\d*$/, "")}/13`;

interface Instance {
  app: App;
  chat: MemoryAdapter;
  svc: IncidentService;
  db: Database;
}

/** `world`: one chat platform shared by several bot processes (message ids are the platform's). */
async function instance(url: string, redis: RedisHandle, clock: FakeClock, world?: ChatWorld): Promise<Instance> {
  const db = await openDatabase({ databaseUrl: url });
  const chat = new MemoryAdapter({ platform: "memory", ...(world ? { world } : {}) });
  let svc: IncidentService | undefined;
  const app = await startApp({
    config: configSchema.parse({ logLevel: "silent", queuePrefix: redis.prefix }),
    clock,
    logger: process.env.WK_DEBUG ? (createLogger({ level: "warn" }) as typeof silentLogger) : silentLogger,
    db,
    redis,
    http: false,
    adapters: [chat],
    features: [coreCommands, createIncidentsFeature({ onService: (s) => (svc = s) })],
  });
  return { app, chat, svc: svc!, db };
}

async function stop(i: Instance): Promise<void> {
  await i.app.stop();
  await i.db.close();
}

/** Advances to `target`, stopping at every timer on the way (as the simulator does). */
async function runUntil(svc: IncidentService, clock: FakeClock, target: number): Promise<void> {
  for (;;) {
    const next = await svc.timers.nextFireAt();
    if (next === null || next > target || next <= clock.now().getTime()) break;
    await clock.set(next);
  }
  await clock.set(target);
}

const dms = (chats: MemoryAdapter[]) =>
  chats.flatMap((c) =>
    c.world.messages
      .filter((m) => m.fromBot && m.channelId.startsWith("dm:"))
      .map((m) => `${m.channelId} ${m.text.split("\n")[0]}`),
  );

describe("deadlines survive crashes, Redis loss and a second process", () => {
  let pg: Awaited<ReturnType<typeof freshPostgresUrl>>;
  let redis: RedisHandle;
  beforeAll(async () => {
    pg = await freshPostgresUrl();
    const db = await openDatabase({ databaseUrl: pg.url });
    await migrate(db);
    await importOrg(db.prisma, orgForMemoryChat(), { clock: new FakeClock("2026-03-01T00:00:00Z") });
    await db.close();
    redis = await connectRedis({ url: spareRedis, prefix: `wkt${randomBytes(5).toString("hex")}`, spawn: "never" });
  });
  afterAll(async () => {
    await redis.connection().flushdb();
    await redis.close();
    await pg.drop();
  });

  it("fires every open deadline exactly once after a worker dies mid-escalation and Redis is flushed", async () => {
    const clock = new FakeClock("2026-03-02T01:00:00Z");
    const a = await instance(pg.url, redis, clock);
    await a.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    // The first escalation commits, then the process "dies" before telling anyone or arming the next timer.
    let crashed = 0;
    a.svc.hooks.afterCommit = (job) => {
      if (job.kind === "due" && crashed++ === 0) throw new Error("killed");
    };
    await clock.advance(15 * 60_000);
    expect(crashed).toBe(1);
    expect(dms([a.chat]).filter((d) => d.startsWith("dm:li.si ⏫"))).toEqual([]);
    await stop(a);
    await redis.connection().flushdb();

    const b = await instance(pg.url, redis, clock);
    const { prisma } = b.svc;
    // On start the reconciler re-armed every open deadline and delivered the notice the crash left behind.
    expect(dms([b.chat]).filter((d) => d.startsWith("dm:li.si ⏫"))).toEqual([
      "dm:li.si ⏫ INC-2026-0001（黑客攻击，重大）未在时限内确认，已上报 李四，请于 2026-03-02 09:45（剩余 30分钟）前确认。",
    ]);
    await runUntil(b.svc, clock, clock.now().getTime() + 7 * 86_400_000);

    const missed = await prisma.auditEntry.findMany({ where: { action: "deadline.missed" } });
    const ids = missed.map((e) => (e.data as { deadline: string }).deadline);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await prisma.deadline.findMany();
    expect(rows.filter((r) => r.state === "open")).toEqual([]);
    expect(
      rows
        .filter((r) => r.state === "missed")
        .map((r) => r.id)
        .sort(),
    ).toEqual([...ids].sort());
    // Ack: wang.wu → li.si → chen.qi → leaders → nobody; logs: 4 levels; police: chen.qi → leaders; report: li.si → chen.qi → leaders.
    expect(
      rows
        .filter((r) => r.dutyId === null)
        .map((r) => r.level)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
    const sent = dms([b.chat]);
    const escalations = sent.filter((d) => d.includes("⏫"));
    expect(new Set(escalations).size).toBe(escalations.length);
    expect(sent.filter((d) => d.startsWith("dm:zhao.liu ⏫")).length).toBe(4);
    await stop(b);
  });

  it("two processes on one database and one Redis fire each deadline once and never notify twice", async () => {
    await redis.connection().flushdb();
    const clock = new FakeClock("2026-04-01T01:00:00Z");
    const world = new ChatWorld();
    const a = await instance(pg.url, redis, clock, world);
    const b = await instance(pg.url, redis, clock, world);
    // Numbers stay unique when both processes open incidents at once.
    const opened = await Promise.all(
      [a, b, a, b, a, b].map((i, n) =>
        openIncident(i.app.context, {
          category: n % 2 ? "intrusion" : "equipment_failure",
          severity: "major",
          unitId: "it-centre",
          description: `事件 ${n}`,
          reporter: { personId: "wang.wu" },
          sourceGroupId: "it-centre-group",
        }),
      ),
    );
    const seqs = opened.map((o) => Number(o.number.slice(-4))).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    await runUntil(a.svc, clock, clock.now().getTime() + 7 * 86_400_000);

    const { prisma } = a.svc;
    const ours = await prisma.incident.findMany({
      where: { number: { in: opened.map((o) => o.number) } },
      select: { id: true },
    });
    const rows = await prisma.deadline.findMany({ where: { incidentId: { in: ours.map((i) => i.id) } } });
    expect(rows.filter((r) => r.state === "open")).toEqual([]);
    const missed = (await prisma.auditEntry.findMany({ where: { action: "deadline.missed" } })).map(
      (e) => (e.data as { deadline: string }).deadline,
    );
    expect(new Set(missed).size).toBe(missed.length);
    const reminded = (await prisma.auditEntry.findMany({ where: { action: "deadline.reminded" } })).map((e) => {
      const d = e.data as { deadline: string; index: number };
      return `${d.deadline}/${d.index}`;
    });
    expect(new Set(reminded).size).toBe(reminded.length);
    // Each escalation DM went out once on the shared platform, from whichever process claimed it.
    const escalations = dms([a.chat]).filter((d) => d.includes("⏫"));
    expect(escalations.length).toBeGreaterThan(20);
    const perIncident = new Map<string, number>();
    for (const d of escalations) perIncident.set(d, (perIncident.get(d) ?? 0) + 1);
    expect([...perIncident.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const processed = await prisma.auditEntry.findMany({ where: { action: "deadline.missed" } });
    expect(processed.length).toBeGreaterThan(20);
    await stop(a);
    await stop(b);
  });
});
