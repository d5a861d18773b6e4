import { describe, expect, it } from "vitest";
import { telegramConfigFromEnv } from "../../../adapters/telegram/index.js";

const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("telegramConfigFromEnv", () => {
  it("returns null when TELEGRAM_BOT_TOKEN is unset", () => {
    expect(telegramConfigFromEnv({})).toBeNull();
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: "  " })).toBeNull();
  });

  it("defaults to polling against Telegram's own API", () => {
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: token })).toMatchObject({
      botToken: token,
      apiUrl: "https://api.telegram.org",
      mode: "polling",
      pollTimeoutSeconds: 30,
    });
  });

  it("uses TELEGRAM_API_URL as the API root, without a trailing slash", () => {
    const c = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: "http://127.0.0.1:8081/" });
    expect(c?.apiUrl).toBe("http://127.0.0.1:8081");
  });

  it("switches to webhook mode when TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET are set", () => {
    const c = telegramConfigFromEnv({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_URL: "https://wk.example.cn/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_value-1",
    });
    expect(c).toMatchObject({ mode: "webhook", webhookUrl: "https://wk.example.cn/telegram/webhook" });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: "not-a-token" }, /^TELEGRAM_BOT_TOKEN /],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: "nope" }, /^TELEGRAM_API_URL /],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://wk.example.cn/t" }, /^TELEGRAM_WEBHOOK_SECRET /],
    [
      { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "http://wk.example.cn/t", TELEGRAM_WEBHOOK_SECRET: "abc" },
      /^TELEGRAM_WEBHOOK_URL .*https/,
    ],
    [
      {
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_WEBHOOK_URL: "https://wk.example.cn/t",
        TELEGRAM_WEBHOOK_SECRET: "has space",
      },
      /^TELEGRAM_WEBHOOK_SECRET /,
    ],
    [
      { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: "abc" },
      /^TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_WEBHOOK_URL/,
    ],
  ])("rejects %j with a one-line error naming the variable", (env, message) => {
    let error: unknown;
    try {
      telegramConfigFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "watchkeeper_config_invalid", message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain("\n");
  });

  it("never echoes the token in its error", () => {
    const bad = "123:short-secret-token";
    expect(() => telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: bad })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(bad) }),
    );
  });
});
