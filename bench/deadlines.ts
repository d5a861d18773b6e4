// Deadline engine bench: 100,000 open deadlines enqueued and reconciled (time, Redis memory), and the
// lag between due time and the notification leaving with 10,000 deadlines due in the same minute
// (real clock, real PostgreSQL, real Redis + BullMQ).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import { startApp } from "../src/app/app.js";
import type { AppContext } from "../src/app/context.js";
import type { OutboundMessage, UserRef } from "../src/chat/types.js";
import { configSchema } from "../src/config/schema.js";
import { FakeClock, systemClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrator.js";
import { BullmqTimers } from "../src/incidents/deadlines/bullmq-timers.js";
import { reconcile } from "../src/incidents/deadlines/reconciler.js";
import { createIncidentsFeature, defaultPolicyPath, loadIncidentPolicy, resolveRule } from "../src/incidents/index.js";
import { IncidentService } from "../src/incidents/service.js";
import { importOrg, readOrgFile } from "../src/org/import.js";
import { connectRedis, type RedisHandle } from "../src/queue/redis.js";

const pgAdmin = process.env.WATCHKEEPER_TEST_PG ?? "postgresql://postgres@127.0.0.1:5432/test";
// A spare Redis database, so the memory figure is ours and cleaning up touches nothing else.
const redisUrl = process.env.WATCHKEEPER_BENCH_REDIS ?? "redis://127.0.0.1:6379/14";

async function freshDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wk_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pgAdmin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function usedMemory(redis: RedisHandle): Promise<number> {
  const info = await redis.connection().info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function dropPrefix(redis: RedisHandle): Promise<void> {
  const c = redis.connection();
  let cursor = "0";
  do {
    const [next, keys] = await c.scan(cursor, "MATCH", `${redis.prefix}:*`, "COUNT", 5000);
    cursor = next;
    if (keys.length) await c.del(...keys);
  } while (cursor !== "0");
}

const policy = loadIncidentPolicy(defaultPolicyPath());
const chain = {
  unitId: "it-centre",
  levels: [{ role: "security_officer", unitId: "it-centre", personIds: ["wang.wu"] }],
  names: { "wang.wu": "王五" },
};

/**
 * Inserts `n` deadlines, `per` to an incident (an acknowledgement window when `per` is 1, else duties
 * d0, d1, …, since an incident has one open row per deadline), due at `dueAt(i)`.
 */
async function seed(
  prisma: import("../src/db/database.js").PrismaClient,
  n: number,
  per: number,
  dueAt: (i: number) => Date,
  remind: boolean,
): Promise<void> {
  const rule = resolveRule(policy, "other", "general");
  const incidents = Math.ceil(n / per);
  for (let from = 0; from < incidents; from += 2000) {
    const ids = Array.from({ length: Math.min(2000, incidents - from) }, (_, k) => `bench-${from + k}`);
    await prisma.incident.createMany({
      data: ids.map((id, k) => ({
        id,
        number: `INC-2099-${String(from + k + 1).padStart(6, "0")}`,
        year: 2099,
        seq: from + k + 1,
        category: "other",
        severity: "general" as const,
        unitId: "it-centre",
        description: "bench",
        policySnapshot: rule as object,
        chainSnapshot: chain as object,
        openedAt: new Date(),
      })),
    });
  }
  for (let from = 0; from < n; from += 5000) {
    await prisma.deadline.createMany({
      data: Array.from({ length: Math.min(5000, n - from) }, (_, k) => {
        const i = from + k;
        const due = dueAt(i);
        return {
          incidentId: `bench-${Math.floor(i / per)}`,
          kind: per === 1 ? "ack" : "duty",
          dutyId: per === 1 ? null : `d${i % per}`,
          level: 0,
          ownerPersonId: "wang.wu",
          ownerPersonIds: ["wang.wu"],
          ownerRole: "security_officer" as const,
          ownerUnitId: "it-centre",
          dueAt: due,
          remindAt: remind ? [new Date(due.getTime() - 3600_000)] : [],
        };
      }),
    });
  }
}

async function setup(): Promise<{ url: string; drop(): Promise<void> }> {
  const fresh = await freshDb();
  const db = await openDatabase({ databaseUrl: fresh.url });
  await migrate(db);
  const org = readOrgFile(new URL("../examples/org.yaml", import.meta.url).pathname);
  for (const p of org.people) p.chat = { ...p.chat, memory: p.id } as typeof p.chat;
  await importOrg(db.prisma, org, { clock: new FakeClock() });
  await db.close();
  return fresh;
}

async function enqueueAndReconcile(): Promise<void> {
  const n = 100_000;
  const fresh = await setup();
  const db = await openDatabase({ databaseUrl: fresh.url });
  const redis = await connectRedis({ url: redisUrl, prefix: `wkb${randomBytes(4).toString("hex")}`, spawn: "never" });
  try {
    const t0 = performance.now();
    const soon = Date.now() + 86_400_000;
    await seed(db.prisma, n, 100, (i) => new Date(soon + (i % 30) * 86_400_000 + i), true);
    const seeded = performance.now() - t0;
    const timers = new BullmqTimers({ redis, clock: systemClock, logger: silentLogger, virtual: false });
    const app = { db, clock: systemClock, config: { locale: "zh-CN" }, logger: silentLogger } as unknown as AppContext;
    const svc = new IncidentService(app, policy, timers, false);
    const memBefore = await usedMemory(redis);
    const t1 = performance.now();
    const first = await reconcile(svc, { pageSize: 2000 });
    const enqueueMs = performance.now() - t1;
    const memAfter = await usedMemory(redis);
    const t2 = performance.now();
    const again = await reconcile(svc, { pageSize: 2000 });
    const steadyMs = performance.now() - t2;
    console.log(`seeded ${n} open deadlines (each with one reminder) in PostgreSQL: ${(seeded / 1000).toFixed(1)} s`);
    console.log(
      `reconcile from an empty Redis: ${first.open} open deadlines, ${first.enqueued} timers enqueued in ${(enqueueMs / 1000).toFixed(1)} s (${Math.round(first.enqueued / (enqueueMs / 1000))} timers/s)`,
    );
    console.log(
      `Redis memory for them: ${((memAfter - memBefore) / 1048576).toFixed(1)} MiB (${Math.round((memAfter - memBefore) / first.enqueued)} bytes per timer)`,
    );
    console.log(
      `reconcile with everything in place: ${again.open} checked, ${again.enqueued} enqueued, ${(steadyMs / 1000).toFixed(1)} s`,
    );
    await timers.close();
  } finally {
    await dropPrefix(redis);
    await redis.close();
    await db.close();
    await fresh.drop();
  }
}

async function lag(): Promise<void> {
  const n = 10_000;
  const fresh = await setup();
  const db = await openDatabase({ databaseUrl: fresh.url });
  const redis = await connectRedis({ url: redisUrl, prefix: `wkb${randomBytes(4).toString("hex")}`, spawn: "never" });
  let start = Date.now() + 3600_000;
  // Due times spread over one minute; incident numbers encode them.
  const due = (i: number) => new Date(start + Math.floor((i * 60_000) / n));
  const sentAt = new Map<string, number>();
  class Timing extends MemoryAdapter {
    override async directMessage(user: UserRef, message: OutboundMessage) {
      const number = /INC-2099-\d+/.exec(message.text)?.[0];
      if (number && !sentAt.has(number)) sentAt.set(number, Date.now());
      return super.directMessage(user, message);
    }
  }
  const chat = new Timing({ platform: "memory" });
  try {
    await seed(db.prisma, n, 1, due, false);
    // Seeding is slow; move the minute to 15 s from now once it is done.
    start = Date.now() + 15_000;
    await db.prisma.$executeRawUnsafe(
      `UPDATE "Deadline" d SET "dueAt" = (to_timestamp(($1::bigint + floor((i.seq - 1) * 60000.0 / $2)) / 1000.0) AT TIME ZONE 'UTC')
       FROM "Incident" i WHERE d."incidentId" = i.id`,
      start,
      n,
    );
    const app = await startApp({
      config: configSchema.parse({ logLevel: "silent", queuePrefix: redis.prefix }),
      logger: silentLogger,
      db,
      redis,
      http: false,
      adapters: [chat],
      features: [createIncidentsFeature()],
    });
    const deadline = Date.now() + 10 * 60_000;
    while (sentAt.size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await app.stop();
    const lags = [...sentAt.entries()]
      .map(([num, at]) => at - due(Number(num.slice(9)) - 1).getTime())
      .sort((a, b) => a - b);
    const q = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? Number.NaN;
    console.log(`${n} deadlines due within one minute; ${lags.length} notifications left (miss → audit → notice → DM)`);
    console.log(`lag due → notification: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${lags.at(-1)} ms`);
  } finally {
    await dropPrefix(redis);
    await redis.close();
    await db.close();
    await fresh.drop();
  }
}

/** Prints the deadline engine's figures. */
export async function run(): Promise<void> {
  await enqueueAndReconcile();
  await lag();
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
