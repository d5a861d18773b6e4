// The client side of bench/e2e.ts, run in a worker thread so that sending never waits on the app's
// event loop: open-loop senders for the local chat (HTTP POST /local/api/say) and the fake Telegram
// Bot API (updates queued for getUpdates). Every message carries its *scheduled* send time, so a
// late sender (coordinated omission) still counts its lateness as latency.
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort } from "node:worker_threads";
import { loadCorpus } from "../src/moderation/evaluation.js";
import { FakeBotApi, type FakeUser } from "../test/adapters/telegram/fake-bot-api.js";

/** Milliseconds on the wall clock with sub-millisecond resolution, comparable across threads. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface StepRequest {
  op: "step";
  target: { kind: "local"; url: string } | { kind: "telegram" };
  rate: number;
  durationMs: number;
  /** How long to wait for answers after the last send (local chat only; Telegram is timed by the app). */
  drainMs: number;
}

/** start-fake also restarts the message sequence, so every adapter gets the same messages. */
export type ToWorker = StepRequest | { op: "start-fake" } | { op: "reset" } | { op: "close" };

export interface LocalStepResult {
  op: "local-done";
  sent: number;
  sendSpanMs: number;
  firstScheduled: number;
  lastDone: number;
  /** Send → answer of every 200 response, ms. */
  latencies: number[];
  errors: Record<string, number>;
  unfinished: number;
}

export interface TelegramStepSent {
  op: "telegram-sent";
  sendSpanMs: number;
  firstScheduled: number;
  /** `${chatId}:${messageId}` → scheduled time (nowMs()). */
  scheduled: [string, number][];
}

export type FromWorker =
  | LocalStepResult
  | TelegramStepSent
  | { op: "fake"; url: string; token: string }
  | { op: "reset" };

// ---- the message mix (deterministic: message i is the same in every run) ----

const corpus = loadCorpus();
const benign = corpus.benign.map((c) => c.text);
const prohibited = corpus.positive.map((c) => c.text);

/** Share of messages drawn from the prohibited corpus. */
export const PROHIBITED_SHARE = 0.1;

function unit(i: number): number {
  // mulberry32 of the index: a stable pseudo-random number in [0, 1).
  let t = (i + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

interface Pick {
  text: string;
  bad: boolean;
  /** Index into the ordinary senders and groups (org people in org groups). */
  sender: number;
  group: number;
}

function pick(i: number): Pick {
  const r = unit(i);
  const bad = r < PROHIBITED_SHARE;
  const k = Math.floor(unit(i ^ 0x5bd1e995) * 1_000_000);
  return {
    bad,
    text: bad ? prohibited[k % prohibited.length]! : benign[k % benign.length]!,
    sender: k % 10,
    group: Math.floor(k / 10) % 3,
  };
}

// Ordinary senders are the example org's ten people in its three working groups; prohibited content comes
// from one-off senders outside the directory (a warned, muted or removed member cannot post again, so
// reusing a few would turn the rest of the run into "muted" refusals).
const localPeople = [
  "zhang.san",
  "zhao.liu",
  "chen.qi",
  "li.si",
  "wang.wu",
  "sun.ba",
  "zhou.jiu",
  "wu.shi",
  "zheng.yi",
  "feng.er",
];
const localGroups = ["it-centre-group", "academic-group", "cs-students"];
const tgPeople: FakeUser[] = localPeople.map((_, n) => ({
  id: 123456789 + n,
  is_bot: false,
  first_name: `成员${n}`,
}));
const tgGroups = [-1001234567890, -1001234567891, -1001234567892];

let nextIndex = 0;
let nextOffender = 0;

// ---- open-loop pacing ----

/** Calls `fire(scheduledAt)` `rate` times a second for `durationMs`, on schedule however long fire takes. */
async function paced(rate: number, durationMs: number, fire: (scheduledAt: number) => void): Promise<number> {
  const n = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const t0 = nowMs() + 2;
  let i = 0;
  while (i < n) {
    const now = nowMs();
    while (i < n && t0 + i * interval <= now) fire(t0 + i++ * interval);
    if (i < n) await sleep(Math.max(0, t0 + i * interval - nowMs()));
  }
  return t0;
}

// ---- the local chat over HTTP ----

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

async function localStep(url: string, s: StepRequest): Promise<LocalStepResult> {
  const target = new URL("/local/api/say", url);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let open = 0;
  let lastDone = 0;
  let settled: () => void = () => {};
  const error = (what: string) => {
    errors[what] = (errors[what] ?? 0) + 1;
  };
  const finish = () => {
    open -= 1;
    lastDone = nowMs();
    if (open === 0) settled();
  };
  const pending = new Set<import("node:http").ClientRequest>();
  const t0 = await paced(s.rate, s.durationMs, (at) => {
    const m = pick(nextIndex++);
    const person = m.bad ? `guest-${nextOffender++}` : localPeople[m.sender]!;
    const body = Buffer.from(JSON.stringify({ person, channel: localGroups[m.group], text: m.text }));
    sent += 1;
    open += 1;
    const req = request(
      target,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          pending.delete(req);
          if (res.statusCode === 200) latencies.push(nowMs() - at);
          else error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString("utf8").slice(0, 80)}`);
          finish();
        });
      },
    );
    pending.add(req);
    req.on("error", (e) => {
      pending.delete(req);
      error(e.message);
      finish();
    });
    req.end(body);
  });
  const sendSpanMs = nowMs() - t0;
  if (open > 0) {
    const all = new Promise<void>((r) => {
      settled = r;
    });
    await Promise.race([all, sleep(s.drainMs)]);
  }
  const unfinished = open;
  for (const r of pending) r.destroy();
  return { op: "local-done", sent, sendSpanMs, firstScheduled: t0, lastDone, latencies, errors, unfinished };
}

// ---- Telegram through the fake Bot API ----

let fake: FakeBotApi | undefined;

async function telegramStep(s: StepRequest): Promise<TelegramStepSent> {
  const api = fake!;
  const scheduled: [string, number][] = [];
  const t0 = await paced(s.rate, s.durationMs, (at) => {
    const m = pick(nextIndex++);
    const n = m.bad ? nextOffender++ : 0;
    const user = m.bad ? { id: 700_000_000 + n, is_bot: false, first_name: `访客${n}` } : tgPeople[m.sender]!;
    const chatId = tgGroups[m.group]!;
    const { messageId } = api.userSays(chatId, user, m.text);
    scheduled.push([`${chatId}:${messageId}`, at]);
  });
  return { op: "telegram-sent", sendSpanMs: nowMs() - t0, firstScheduled: t0, scheduled };
}

// ---- the worker's message loop ----

const port = parentPort;
if (port) {
  port.on("message", async (m: ToWorker) => {
    if (m.op === "reset") {
      nextIndex = 0;
      nextOffender = 0;
      port.postMessage({ op: "reset" } satisfies FromWorker);
    } else if (m.op === "start-fake") {
      await fake?.close();
      fake = new FakeBotApi();
      await fake.start();
      for (const [n, id] of tgGroups.entries()) fake.chat(id, "supergroup", `工作群${n}`);
      port.postMessage({ op: "fake", url: fake.url, token: fake.token } satisfies FromWorker);
    } else if (m.op === "step") {
      const r = m.target.kind === "local" ? await localStep(m.target.url, m) : await telegramStep(m);
      port.postMessage(r satisfies FromWorker);
    } else {
      agent.destroy();
      await fake?.close();
      port.close();
    }
  });
}
