import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.js";
import { HttpRouter } from "../../../src/http/router.js";
import { contractEnv, eventually } from "../../contract/chat-adapter.contract.js";
import { FakeBotApi } from "./fake-bot-api.js";
import { fakeTimers } from "./fake-timers.js";
import { makeAdapter, makeFake, type Setup, say, startSetup } from "./harness.js";

describe("Telegram adapter: start-up, health and polling", () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it("registers the core's commands with their Chinese descriptions at start", async () => {
    s = await startSetup();
    expect(s.fake.callsOf("setMyCommands")).toEqual([
      {
        commands: [
          { command: "report", description: "报告安全事件" },
          { command: "ack", description: "确认" },
        ],
      },
    ]);
    expect(s.fake.calls[0]?.method).toBe("getMe");
  });

  it("skips command names Telegram would refuse instead of failing the whole list", async () => {
    const env = {
      ...contractEnv(),
      commands: [
        { name: "report", description: "报告" },
        { name: "Bad-Name", description: "x" },
      ],
    };
    s = await startSetup({ env });
    expect(s.fake.callsOf("setMyCommands")[0]).toEqual({ commands: [{ command: "report", description: "报告" }] });
  });

  it("says in health() when privacy mode hides group messages from the bot", async () => {
    s = await startSetup({ privacy: true });
    const h = s.adapter.health();
    expect(h.ok).toBe(true);
    expect(h.detail).toMatch(/privacy mode is on/);
    expect(h.detail).toMatch(/BotFather/);
  });

  it("reports plain health when the bot can read every group message", async () => {
    s = await startSetup();
    expect(s.adapter.health()).toEqual({ ok: true });
  });

  it("clears a webhook before polling, since getUpdates is refused while one is set", async () => {
    const fake = await makeFake();
    fake.webhook = { url: "https://old.example.cn/hook" };
    s = await startSetup({ fake });
    await say(fake, "可以收到");
    expect(s.events).toHaveLength(1);
  });

  it("fails to start with a clear error when Telegram rejects the token", async () => {
    const fake = new FakeBotApi("999:another-token-abcdefghijklmnopqrst");
    await fake.start();
    const adapter = makeAdapter(fake, { botToken: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz" });
    await expect(adapter.start(async () => {}, contractEnv())).rejects.toMatchObject({
      code: "watchkeeper_config_invalid",
      message: expect.stringContaining("TELEGRAM_BOT_TOKEN"),
    });
    await fake.close();
  });

  it("recovers from network errors with exponential back-off and loses no update", async () => {
    const fake = await makeFake();
    const timers = fakeTimers();
    fake.failNext("getUpdates", { error_code: 0, description: "", drop: true }, 2);
    fake.failNext("getUpdates", { error_code: 502, description: "Bad Gateway" }, 1);
    const queued = fake.userSays(-1001234567890, { id: 4242, is_bot: false, first_name: "张三" }, "断网期间的消息");
    s = await startSetup({ fake, adapter: { timers } });
    await fake.waitConfirmed(queued.updateId);
    expect(s.events).toHaveLength(1);
    expect(timers.sleeps.slice(0, 3)).toEqual([1000, 2000, 4000]);
    // Every failed poll re-asked from the same place.
    expect(
      new Set(
        fake
          .callsOf("getUpdates")
          .slice(0, 4)
          .map((p) => p.offset),
      ),
    ).toEqual(new Set([undefined]));
  });

  it("honours retry_after when getUpdates is rate limited", async () => {
    const fake = await makeFake();
    const timers = fakeTimers();
    fake.failNext("getUpdates", { error_code: 429, description: "Too Many Requests", parameters: { retry_after: 5 } });
    s = await startSetup({ fake, adapter: { timers } });
    await say(fake, "限流之后");
    expect(timers.sleeps[0]).toBe(5000);
    expect(s.events).toHaveLength(1);
  });

  it("reports itself unhealthy while polling keeps failing, and healthy again after", async () => {
    const fake = await makeFake();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const timers = { ...fakeTimers(), sleep: async (ms: number) => (ms >= 4000 ? gate : undefined) };
    fake.failNext("getUpdates", { error_code: 502, description: "Bad Gateway" }, 3);
    s = await startSetup({ fake, adapter: { timers } });
    const h = await eventually(() => {
      const x = s!.adapter.health();
      expect(x.ok).toBe(false);
      return x;
    });
    expect(h.detail).toMatch(/getUpdates failing \(3 times/);
    expect(h.detail).not.toContain(fake.token);
    release();
    await say(fake, "恢复了");
    expect(s.adapter.health()).toEqual({ ok: true });
  });

  it("reports not started before start and after stop", async () => {
    const fake = await makeFake();
    const adapter = makeAdapter(fake);
    expect(adapter.health().ok).toBe(false);
    await adapter.start(async () => {}, contractEnv());
    await adapter.stop();
    await adapter.stop();
    expect(adapter.health()).toEqual({ ok: false, detail: "not started" });
    await fake.close();
  });

  it("never writes the bot token or the webhook secret to the log", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "trace", destination: { write: (l: string) => void lines.push(l) } });
    const fake = await makeFake({ privacy: true });
    const timers = fakeTimers();
    fake.failNext("setMyCommands", { error_code: 0, description: "", drop: true }, 4);
    fake.failNext("sendMessage", { error_code: 0, description: "", drop: true });
    fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    const secret = "wk-log_S3cret";
    const env = { ...contractEnv(new HttpRouter()), logger };
    s = await startSetup({
      fake,
      env,
      adapter: { timers },
      config: { mode: "webhook", webhookUrl: "https://wk.example.cn/telegram/webhook", webhookSecret: secret },
    });
    const group = { platform: "telegram", id: "-1001234567890", kind: "group" as const };
    await s.adapter.post(group, { text: "x" }).catch(() => {});
    await s.adapter.post(group, { text: "y" }).catch(() => {});
    const log = lines.join("");
    expect(log).toContain("setMyCommands failed");
    expect(log).not.toContain(fake.token);
    expect(log).not.toContain(fake.token.split(":")[1]);
    expect(log).not.toContain(secret);
  });
});
