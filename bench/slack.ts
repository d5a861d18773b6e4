// Slack adapter throughput: signed Events API requests over real HTTP → Bolt (signature check,
// de-duplication) → the handler; and bot posts through the outgoing queue to the fake Web API.
// Run: node --import tsx bench/slack.ts
import { pathToFileURL } from "node:url";
import type { InboundEvent } from "../src/chat/types.js";
import { createSlackWorld, groupId, memberId } from "../test/adapters/slack/harness.js";
import { contractEnv } from "../test/contract/chat-adapter.contract.js";

async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

/** Prints events/s handled end to end and posts/s sent. */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_SLACK_EVENTS ?? 3000);
  const concurrency = Number(process.env.BENCH_SLACK_CONCURRENCY ?? 32);
  const world = await createSlackWorld({ admin: true });
  let delivered = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((r) => {
    allDone = r;
  });
  await world.start(async (e: InboundEvent) => {
    if (e.type === "message" && ++delivered === total) allDone();
  }, contractEnv());
  try {
    // Warm-up: JIT, keep-alive connections.
    await pool(50, 8, async (i) => {
      await world.sender.event(
        { type: "message", channel: groupId, channel_type: "channel", user: memberId, text: "warm", ts: `1.${i}` },
        `EvWarm${i}`,
      );
    });
    delivered = 0;
    const start = performance.now();
    await pool(total, concurrency, async (i) => {
      const ts = world.fake.nextTs();
      const r = await world.sender.event(
        { type: "message", channel: groupId, channel_type: "channel", user: memberId, text: `消息 ${i}`, ts },
        `EvBench${i}`,
      );
      if (r.status !== 200) throw new Error(`event ${i} answered ${r.status}`);
    });
    await done;
    const inSec = (performance.now() - start) / 1000;
    console.log(
      `slack inbound: ${total} signed events delivered in ${inSec.toFixed(2)} s = ${Math.round(total / inSec)} events/s (concurrency ${concurrency})`,
    );

    const posts = Math.min(total, 1000);
    const startOut = performance.now();
    await Promise.all(Array.from({ length: posts }, (_, i) => world.adapter.post(world.group, { text: `通知 ${i}` })));
    const outSec = (performance.now() - startOut) / 1000;
    console.log(
      `slack outbound: ${posts} chat.postMessage in ${outSec.toFixed(2)} s = ${Math.round(posts / outSec)} posts/s (outbox concurrency 4)`,
    );
  } finally {
    await world.adapter.stop();
    await world.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
