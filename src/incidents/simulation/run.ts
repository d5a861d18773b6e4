import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { MemoryAdapter } from "../../../adapters/memory/memory-adapter.js";
import type { WorldMessage } from "../../../adapters/memory/world.js";
import { startApp } from "../../app/app.js";
import { shippedFeatures } from "../../app/features.js";
import { configSchema } from "../../config/schema.js";
import { FakeClock } from "../../core/clock.js";
import { CodedError } from "../../core/errors.js";
import { silentLogger } from "../../core/logger.js";
import { packageRoot } from "../../core/paths.js";
import { openDatabase } from "../../db/database.js";
import { migrate } from "../../db/migrator.js";
import { importOrg, readOrgFile } from "../../org/import.js";
import { connectRedis, type RedisHandle } from "../../queue/redis.js";
import { createIncidentsFeature } from "../feature.js";
import { isoBeijing } from "../format.js";
import { normaliseNumber } from "../incident-view.js";
import type { IncidentService } from "../service.js";
import { loadScenario, offsetMs, type ScenarioStep, scenarioInvalid } from "./scenario.js";

/** One line of the transcript. Fields that do not apply are left out. */
export interface TranscriptLine {
  at: string;
  kind: string;
  to?: string;
  incident?: string;
  deadline?: string;
  text?: string;
  /** For a message only one person sees in a group. */
  visibleTo?: string;
  /** The bot edited an earlier message (e.g. to show who acted). */
  edited?: boolean;
}

export interface SimulateOptions {
  /** Redis for BullMQ; "none" uses the in-memory stand-in. @defaultValue REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
  /** Called with each line as it happens. */
  onLine?: (line: TranscriptLine) => void;
  /** Where to say which timer backend ran. */
  onInfo?: (text: string) => void;
}

function noRedis(prefix: string): RedisHandle {
  return {
    url: "none",
    prefix,
    spawned: false,
    connection() {
      throw new Error("no Redis in this simulation (in-memory timers)");
    },
    ping: async () => false,
    close: async () => {},
  };
}

async function tryRedis(url: string, prefix: string): Promise<RedisHandle | null> {
  try {
    return await connectRedis({ url, prefix, spawn: "never" });
  } catch {
    return null;
  }
}

async function dropPrefix(redis: RedisHandle): Promise<void> {
  const c = redis.connection();
  let cursor = "0";
  do {
    const [next, keys] = await c.scan(cursor, "MATCH", `${redis.prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await c.del(...keys);
  } while (cursor !== "0");
}

/**
 * Runs a scenario on a virtual clock against a fresh in-memory database and the real engine, and
 * returns the transcript of the bot's effects in time order. Same input, same transcript.
 */
export async function simulate(path: string, options: SimulateOptions = {}): Promise<TranscriptLine[]> {
  const file = resolve(path);
  const { scenario, stepLines } = loadScenario(file);
  const base = dirname(file);
  const orgPath = scenario.org ? resolve(base, scenario.org) : resolve(packageRoot(), "examples/org.yaml");
  const policyPath = scenario.policy ? resolve(base, scenario.policy) : undefined;
  const org = readOrgFile(orgPath);
  // The memory platform uses org ids as chat ids, so the scenario speaks as org people in org groups.
  for (const p of org.people) p.chat = { ...p.chat, memory: p.id } as typeof p.chat;
  for (const g of org.groups) g.chat = { ...g.chat, memory: g.id } as typeof g.chat;

  const start = new Date(scenario.start);
  const clock = new FakeClock(start);
  const prefix = `wksim${randomBytes(5).toString("hex")}`;
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = redisUrl === "none" ? null : await tryRedis(redisUrl, prefix);
  options.onInfo?.(
    redis
      ? `timers: BullMQ on ${redisUrl} (private prefix ${prefix})`
      : `timers: in-memory stand-in with BullMQ's timing semantics (no Redis at ${redisUrl}); moderation (its retries need Redis) is left out`,
  );

  const db = await openDatabase({ dataDir: "memory://" });
  const lines: TranscriptLine[] = [];
  const push = (l: Omit<TranscriptLine, "at">) => {
    const line = { at: isoBeijing(clock.now()), ...l } as TranscriptLine;
    lines.push(line);
    options.onLine?.(line);
  };
  const chat = new MemoryAdapter({ platform: "memory" });
  let svc: IncidentService | undefined;
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await migrate(db);
    await importOrg(db.prisma, org, { clock });
    chat.world.on("change", (e: { type: string; message?: WorldMessage; data?: unknown }) => {
      if (e.type === "message" && e.message?.fromBot) {
        const msg = e.message;
        if (msg.channelId.startsWith("dm:")) push({ kind: "dm", to: msg.channelId.slice(3), text: msg.text });
        else
          push({
            kind: "post",
            to: msg.channelId,
            ...(msg.visibleTo ? { visibleTo: msg.visibleTo } : {}),
            text: msg.text,
          });
      } else if (e.type === "edit") {
        const msg = e.data as WorldMessage;
        const dm = msg.channelId.startsWith("dm:");
        push({
          kind: dm ? "dm" : "post",
          to: dm ? msg.channelId.slice(3) : msg.channelId,
          text: msg.text,
          edited: true,
        });
      } else if (e.type === "hide") {
        const msg = e.data as WorldMessage;
        push({ kind: "hide", to: msg.channelId, text: msg.text });
      } else if (e.type === "restrict" || e.type === "remove") {
        const d = e.data as { channel: string; user: string };
        push({ kind: e.type, to: d.user, text: d.channel });
      }
    });
    const incidents = createIncidentsFeature({
      ...(policyPath ? { policyPath } : {}),
      timers: redis ? "bullmq" : "memory",
      onService: (s) => {
        svc = s;
        s.onEvent((ev) => {
          const { at: _at, kind, ...rest } = ev;
          push({ kind, ...rest });
        });
      },
    });
    app = await startApp({
      config: configSchema.parse({ locale: scenario.locale ?? "zh-CN", logLevel: "silent", queuePrefix: prefix }),
      clock,
      logger: silentLogger,
      db,
      redis: redis ?? noRedis(prefix),
      http: false,
      adapters: [chat],
      // The shipped features in their order, with this run's incident engine. Without Redis, moderation
      // (whose retries queue in Redis) is left out; everything else runs on the virtual clock alone.
      features: shippedFeatures()
        .map((f) => (f.name === "incidents" ? incidents : f))
        .filter((f) => redis !== null || f.name !== "moderation"),
    });
    const engine = svc!;

    const advanceTo = async (target: number) => {
      // Step through every timer on the way, so each effect happens at its own virtual time.
      for (;;) {
        const next = await engine.timers.nextFireAt();
        if (next === null || next > target || next <= clock.now().getTime()) break;
        await clock.set(next);
      }
      if (target > clock.now().getTime()) await clock.set(target);
    };

    for (const [i, step] of scenario.steps.entries()) {
      await advanceTo(start.getTime() + offsetMs(step.at));
      try {
        await perform(step, chat, engine);
      } catch (e) {
        throw new CodedError(scenarioInvalid, `${file}:${stepLines[i] ?? "?"}: steps[${i}]: ${(e as Error).message}`, {
          cause: e,
        });
      }
    }
  } finally {
    await app?.stop();
    if (redis) {
      await dropPrefix(redis).catch(() => {});
      await redis.close();
    }
    await db.close();
  }
  return lines;
}

async function latestNumber(svc: IncidentService): Promise<string | null> {
  const i = await svc.prisma.incident.findFirst({
    orderBy: [{ year: "desc" }, { seq: "desc" }],
    select: { number: true },
  });
  return i?.number ?? null;
}

async function perform(step: ScenarioStep, chat: MemoryAdapter, svc: IncidentService): Promise<void> {
  const who = step.as!;
  if (step.say !== undefined) {
    const channel = step.in === "dm" ? `dm:${who}` : step.in!;
    const replyTo = step.replyToLastOf
      ? chat.world.messages.filter((m) => m.channelId === channel && m.senderId === step.replyToLastOf).at(-1)?.id
      : undefined;
    await chat.asUserSay(who, channel, step.say, replyTo ? { replyTo } : {});
    return;
  }
  if (step.submit) {
    await chat.asUserSubmitForm(who, step.submit);
    return;
  }
  if (step.press) {
    const p = step.press;
    const number = p.incident === "last" ? await latestNumber(svc) : normaliseNumber(p.incident);
    if (!number) throw new Error(`press: no incident ${p.incident}`);
    const actionId = `incident.${p.action}`;
    // The newest message this person can see (their direct chat, or any group) offering that button.
    const msg = [...chat.world.messages]
      .reverse()
      .find(
        (m) =>
          m.fromBot &&
          !m.hidden &&
          (m.channelId === `dm:${who}` || !m.channelId.startsWith("dm:")) &&
          (m.visibleTo === undefined || m.visibleTo === who) &&
          m.buttons
            .flat()
            .some(
              (b) => b.actionId === actionId && b.value.incident === number && (!p.duty || b.value.deadline === p.duty),
            ),
      );
    if (!msg) throw new Error(`press: ${who} has no "${p.action}" button for ${number}${p.duty ? ` (${p.duty})` : ""}`);
    const input = p.action === "done" ? (p.proof ?? "") : p.action === "reassign" ? p.to : undefined;
    await chat.asUserPress(
      who,
      { platform: chat.platform, channelId: msg.channelId, messageId: msg.id },
      actionId,
      input,
    );
  }
}
