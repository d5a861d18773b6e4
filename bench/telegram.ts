// Telegram adapter throughput: updates/s from the fake Bot API's getUpdates to the core's handler,
// over real HTTP on localhost (polling mode, in-memory state and de-duplication).
import { TelegramAdapter } from "../adapters/telegram/index.js";
import type { InboundEvent } from "../src/chat/types.js";
import { FakeBotApi } from "../test/adapters/telegram/fake-bot-api.js";
import { contractEnv } from "../test/contract/chat-adapter.contract.js";

const GROUP = -1001234567890;

async function once(count: number, kind: "message" | "command"): Promise<number> {
  const fake = new FakeBotApi();
  await fake.start();
  const users = Array.from({ length: 50 }, (_, i) => ({ id: 1000 + i, is_bot: false, first_name: `成员${i}` }));
  for (let i = 0; i < count; i++) {
    const text =
      kind === "command"
        ? `/report@WatchkeeperBot intrusion major 第${i}条`
        : `机房巡检记录 第${i}条 温度 22℃ 湿度 45%`;
    fake.userSays(GROUP, users[i % users.length]!, text);
  }
  let delivered = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => {
    done = r;
  });
  const adapter = new TelegramAdapter({ botToken: fake.token, apiUrl: fake.url, pollTimeoutSeconds: 1 });
  const started = performance.now();
  await adapter.start(async (_e: InboundEvent) => {
    delivered += 1;
    if (delivered === count) done();
  }, contractEnv());
  await all;
  const seconds = (performance.now() - started) / 1000;
  await adapter.stop();
  await fake.close();
  return count / seconds;
}

/** Prints updates/s handled end to end (best of three runs per kind). */
export async function run(): Promise<void> {
  const count = 5000;
  await once(500, "message"); // warm-up
  for (const kind of ["message", "command"] as const) {
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) rates.push(await once(count, kind));
    const best = Math.max(...rates);
    const median = rates.sort((a, b) => a - b)[1]!;
    console.log(
      `telegram ${kind}: ${count} updates via getUpdates → handler: best ${best.toFixed(0)}/s, median ${median.toFixed(0)}/s`,
    );
  }
}
