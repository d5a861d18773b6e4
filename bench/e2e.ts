// End-to-end throughput and latency: messages through a real adapter's ingress → moderation (judge) →
// stored as evidence → enforced (hide / warn / mute / remove / incident), on PostgreSQL (a fresh
// database) and Redis (a private key prefix), with the shipped features, at rising open-loop rates.
//
//   local:    HTTP POST /local/api/say on the app's own server; the handler answers after the pipeline,
//             so latency = scheduled send → HTTP response.
//   telegram: updates queued at the fake Bot API (in the load thread), fetched by the adapter's long
//             poll; latency = scheduled send → the app's handler returning for that message.
//
// ~90 % ordinary work chat (corpus/moderation/benign.jsonl) from the example org's people in three
// groups, ~10 % prohibited content (corpus/moderation/positive.jsonl) from one-off senders.
// Each adapter's ramp stops after the first saturated step (p99 > 1 s, or sustained < 95 % of offered).
// Run: node --import tsx bench/e2e.ts
// Env: BENCH_E2E_RATES=50,100,… BENCH_E2E_STEP_MS=6000 BENCH_E2E_DRAIN_MS=15000
//      BENCH_E2E_ADAPTERS=local,telegram BENCH_E2E_FULL=1 (do not stop at saturation)
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import pino from "pino";
import { TelegramAdapter } from "../adapters/telegram/index.js";
import { adaptersFromConfig } from "../src/app/adapters.js";
import { type App, startApp } from "../src/app/app.js";
import { shippedFeatures } from "../src/app/features.js";
import type { AdapterEnv, InboundHandler } from "../src/chat/adapter.js";
import { configSchema } from "../src/config/schema.js";
import { systemClock } from "../src/core/clock.js";
import type { Logger } from "../src/core/logger.js";
import { type Database, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrator.js";
import { importOrg, readOrgFile } from "../src/org/import.js";
import type { RedisHandle } from "../src/queue/redis.js";
import { freshPostgresUrl } from "../test/support/databases.js";
import { testRedis } from "../test/support/redis.js";
import type { FromWorker, LocalStepResult, StepRequest, TelegramStepSent, ToWorker } from "./e2e-load.js";
import { nowMs } from "./e2e-load.js";

/** telegram-unpaced: the same, with the adapter's outgoing pacing (Telegram's flood limits) turned off. */
type Kind = "local" | "telegram" | "telegram-unpaced";

const rates = (process.env.BENCH_E2E_RATES ?? "25,50,75,100,150,200,300,400,600,800,1200,1600").split(",").map(Number);
const stepMs = Number(process.env.BENCH_E2E_STEP_MS ?? 5000);
const drainMs = Number(process.env.BENCH_E2E_DRAIN_MS ?? 15_000);
const kinds = (process.env.BENCH_E2E_ADAPTERS ?? "local,telegram,telegram-unpaced").split(",") as Kind[];
const full = process.env.BENCH_E2E_FULL === "1";
/** Whole-bench budget: no new step starts after this. */
const budgetMs = Number(process.env.BENCH_E2E_BUDGET_MS ?? 160_000);
const P99_LIMIT_MS = 1000;
const SUSTAINED_MIN = 0.95;

interface Row {
  kind: Kind;
  offered: number;
  sendRate: number;
  sent: number;
  done: number;
  sustained: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  errorKinds: Record<string, number>;
  cpu: number;
  loopP99: number;
  rssMB: number;
  heapMB: number;
  saturated: string | null;
}

// ---- the load thread ----

class LoadThread {
  private readonly worker: Worker;
  private waiting: ((m: FromWorker) => void)[] = [];

  constructor() {
    // The worker needs tsx's loader of its own: register it there, then load the TypeScript module.
    const tsx = import.meta.resolve("tsx/esm/api");
    const file = new URL("./e2e-load.ts", import.meta.url).href;
    this.worker = new Worker(
      `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); });`,
      { eval: true },
    );
    this.worker.on("message", (m: FromWorker) => this.waiting.shift()?.(m));
    this.worker.on("error", (e) => {
      console.error("load thread failed:", e);
    });
  }

  ask<T extends FromWorker>(m: ToWorker): Promise<T> {
    return new Promise((r) => {
      this.waiting.push(r as (m: FromWorker) => void);
      this.worker.postMessage(m);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.worker.once("exit", r));
    this.worker.postMessage({ op: "close" } satisfies ToWorker);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    await this.worker.terminate();
  }
}

// ---- the app under test ----

/** Counts warn/error log lines by message, so failures inside the pipeline show up in the table. */
function countingLogger(): { logger: Logger; take(): Record<string, number> } {
  let counts: Record<string, number> = {};
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        try {
          const j = JSON.parse(line) as { msg?: string; stage?: string; err?: string };
          const key = `log: ${j.msg ?? "?"}${j.stage ? ` (${j.stage})` : ""}`;
          counts[key] = (counts[key] ?? 0) + 1;
        } catch {
          counts["log: unparsed"] = (counts["log: unparsed"] ?? 0) + 1;
        }
      }
      cb();
    },
  });
  return {
    logger: pino({ level: "warn" }, sink) as unknown as Logger,
    take() {
      const c = counts;
      counts = {};
      return c;
    },
  };
}

/** A Telegram adapter that reports when the app has finished each group message (handler returned). */
class TimedTelegramAdapter extends TelegramAdapter {
  readonly finished = new Map<string, number>();
  readonly failed = new Map<string, string>();

  override async start(handler: InboundHandler, env: AdapterEnv): Promise<void> {
    await super.start(async (e) => {
      const key = e.type === "message" ? `${e.message.ref.channelId}:${e.message.ref.messageId}` : undefined;
      try {
        await handler(e);
        if (key) this.finished.set(key, nowMs());
      } catch (err) {
        if (key) this.failed.set(key, (err as Error).message.slice(0, 80));
        throw err;
      }
    }, env);
  }
}

interface World {
  app: App;
  db: Database;
  redis: RedisHandle;
  telegram?: TimedTelegramAdapter;
  logs: ReturnType<typeof countingLogger>;
  close(): Promise<void>;
}

async function startWorld(kind: Kind, load: LoadThread): Promise<World> {
  const fresh = await freshPostgresUrl();
  const db = await openDatabase({ databaseUrl: fresh.url });
  await migrate(db);
  await importOrg(db.prisma, readOrgFile(new URL("../examples/org.yaml", import.meta.url).pathname), {
    clock: systemClock,
  });
  const redis = await testRedis();
  const logs = countingLogger();
  const config = configSchema.parse({
    logLevel: "warn",
    queuePrefix: redis.prefix,
    port: 0,
    host: "127.0.0.1",
    localChat: kind === "local" ? "on" : "off",
  });
  let telegram: TimedTelegramAdapter | undefined;
  await load.ask({ op: "reset" });
  if (kind !== "local") {
    const fake = await load.ask<Extract<FromWorker, { op: "fake" }>>({ op: "start-fake" });
    telegram = new TimedTelegramAdapter(
      { botToken: fake.token, apiUrl: fake.url },
      kind === "telegram-unpaced" ? { rateLimit: false } : {},
    );
  }
  const app = await startApp({
    config,
    logger: logs.logger,
    clock: systemClock,
    db,
    redis,
    adapters: (ctx) => (telegram ? [telegram] : adaptersFromConfig(ctx, {})),
    features: shippedFeatures(),
  });
  return {
    app,
    db,
    redis,
    telegram,
    logs,
    async close() {
      await app.stop();
      await db.close();
      await redis.close();
      await fresh.drop();
    },
  };
}

// ---- one step ----

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function step(world: World, load: LoadThread, kind: Kind, rate: number, measure = true): Promise<Row> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 200);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const request: StepRequest = {
    op: "step",
    target: kind === "local" ? { kind, url: world.app.url! } : { kind: "telegram" },
    rate,
    durationMs: measure ? stepMs : 3000,
    drainMs,
  };

  let latencies: number[];
  let errorKinds: Record<string, number> = {};
  let sent: number;
  let sendSpanMs: number;
  let firstScheduled: number;
  let lastDone: number;
  let unfinished: number;
  if (kind === "local") {
    const r = await load.ask<LocalStepResult>(request);
    ({ latencies, sent, sendSpanMs, firstScheduled, lastDone, unfinished } = r);
    errorKinds = r.errors;
  } else {
    const tg = world.telegram!;
    const r = await load.ask<TelegramStepSent>(request);
    ({ sendSpanMs, firstScheduled } = r);
    sent = r.scheduled.length;
    const until = nowMs() + drainMs;
    const settled = () => r.scheduled.every(([key]) => tg.finished.has(key) || tg.failed.has(key));
    while (!settled() && nowMs() < until) await new Promise((res) => setTimeout(res, 20));
    latencies = [];
    lastDone = 0;
    unfinished = 0;
    for (const [key, at] of r.scheduled) {
      const done = tg.finished.get(key);
      const failed = tg.failed.get(key);
      if (done !== undefined) {
        latencies.push(done - at);
        lastDone = Math.max(lastDone, done);
      } else if (failed !== undefined) {
        errorKinds[`handler: ${failed}`] = (errorKinds[`handler: ${failed}`] ?? 0) + 1;
      } else unfinished += 1;
      tg.finished.delete(key);
      tg.failed.delete(key);
    }
  }
  const cpu1 = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  clearInterval(sampler);
  loop.disable();
  rss = Math.max(rss, process.memoryUsage().rss);
  if (unfinished) errorKinds[`unfinished after ${drainMs / 1000} s drain`] = unfinished;
  for (const [k, v] of Object.entries(world.logs.take())) errorKinds[k] = (errorKinds[k] ?? 0) + v;

  latencies.sort((a, b) => a - b);
  const done = latencies.length;
  const sustained = done / (Math.max(sendSpanMs, lastDone - firstScheduled) / 1000);
  const p99 = quantile(latencies, 0.99);
  const requestErrors = sent - done;
  const saturated =
    p99 > P99_LIMIT_MS
      ? `p99 ${Math.round(p99)} ms > ${P99_LIMIT_MS} ms`
      : sustained < SUSTAINED_MIN * rate
        ? `sustained ${Math.round(sustained)} < ${SUSTAINED_MIN * 100} % of ${rate}`
        : requestErrors > 0.01 * sent
          ? `${requestErrors} of ${sent} messages failed`
          : null;
  return {
    kind,
    offered: rate,
    sendRate: sent / (sendSpanMs / 1000),
    sent,
    done,
    sustained,
    p50: quantile(latencies, 0.5),
    p99,
    max: latencies.at(-1) ?? Number.NaN,
    errors: requestErrors,
    errorKinds,
    cpu: ((cpu1.user + cpu1.system) / 1000 / wallMs) * 100,
    loopP99: loop.percentile(99) / 1e6,
    rssMB: rss / 1048576,
    heapMB: process.memoryUsage().heapUsed / 1048576,
    saturated,
  };
}

// ---- reporting ----

const columns: [string, number, (r: Row) => string][] = [
  ["adapter", 16, (r) => r.kind],
  ["offered/s", 9, (r) => String(r.offered)],
  ["sent/s", 7, (r) => r.sendRate.toFixed(0)],
  ["done", 6, (r) => `${r.done}`],
  ["sustained/s", 11, (r) => r.sustained.toFixed(0)],
  ["p50 ms", 7, (r) => r.p50.toFixed(1)],
  ["p99 ms", 7, (r) => r.p99.toFixed(0)],
  ["max ms", 7, (r) => r.max.toFixed(0)],
  ["errors", 6, (r) => String(r.errors)],
  ["cpu %", 5, (r) => r.cpu.toFixed(0)],
  ["loop p99", 8, (r) => r.loopP99.toFixed(0)],
  ["RSS MB", 6, (r) => r.rssMB.toFixed(0)],
  ["heap MB", 7, (r) => r.heapMB.toFixed(0)],
  ["", 0, (r) => (r.saturated ? `SATURATED: ${r.saturated}` : "ok")],
];

function line(cells: string[]): string {
  return cells
    .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(columns[i]![1]) : c.padStart(columns[i]![1])))
    .join("  ");
}

function printRow(r: Row): void {
  console.log(line(columns.map(([, , f]) => f(r))));
  for (const [k, v] of Object.entries(r.errorKinds)) console.log(`${"".padEnd(10)}↳ ${v} × ${k}`);
}

async function summarise(world: World, kind: Kind): Promise<string> {
  const platform = kind === "local" ? "local" : "telegram";
  const p = world.db.prisma;
  const states = await p.storedMessage.groupBy({ by: ["moderationState"], where: { platform }, _count: true });
  const hidden = await p.storedMessage.count({ where: { platform, hidden: true } });
  const incidents = await p.incident.count();
  const s = states.map((x) => `${x.moderationState} ${x._count}`).join(", ");
  return `${kind}: StoredMessage rows ${s}; hidden ${hidden}; incidents opened ${incidents}`;
}

/** Prints the table: per offered rate, sustained rate, latency, errors, memory; and the saturation point. */
export async function run(): Promise<void> {
  const began = performance.now();
  const l0 = loadavg();
  console.log(
    `e2e: ingress → judge → store → enforce on PostgreSQL + Redis, shipped features; ${stepMs / 1000} s open-loop steps; ` +
      `load avg at start ${l0.map((x) => x.toFixed(1)).join(" ")}`,
  );
  console.log(line(columns.map(([h]) => h)));
  const load = new LoadThread();
  const verdicts: string[] = [];
  try {
    for (const kind of kinds) {
      const world = await startWorld(kind, load);
      try {
        await step(world, load, kind, 20, false); // warm-up: JIT, pools, directory cache
        world.logs.take();
        let best: Row | undefined;
        let first: Row | undefined;
        for (const rate of rates) {
          if (performance.now() - began > budgetMs) {
            console.log(`${kind}: time budget reached, stopping the ramp before ${rate}/s`);
            break;
          }
          const r = await step(world, load, kind, rate);
          printRow(r);
          if (r.saturated) {
            first ??= r;
            if (!full) break;
          } else if (!first) best = r;
        }
        verdicts.push(
          `${kind}: ${best ? `keeps up to ${best.offered} msg/s (p99 ${best.p99.toFixed(0)} ms)` : "saturated at the first step"}` +
            (first
              ? `; saturates at ${first.offered} msg/s (${first.saturated}; sustained ${first.sustained.toFixed(0)}/s)`
              : "; not saturated in the tested range"),
        );
        verdicts.push(await summarise(world, kind));
      } finally {
        await world.close();
      }
    }
  } finally {
    await load.close();
  }
  const l1 = loadavg();
  for (const v of verdicts) console.log(v);
  console.log(
    `saturation = p99 > ${P99_LIMIT_MS} ms or sustained < ${SUSTAINED_MIN * 100} % of offered or > 1 % failed; ` +
      `load avg at end ${l1.map((x) => x.toFixed(1)).join(" ")}; ${((performance.now() - began) / 1000).toFixed(0)} s in all`,
  );
  console.log(
    "RSS is the whole process (app + load thread + fake Bot API); heap is the app thread's; cpu % is the process's (100 = one core).",
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
