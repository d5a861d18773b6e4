import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpRouter } from "../../../src/http/router.js";
import { contractEnv } from "../../contract/chat-adapter.contract.js";
import { GROUP_ID, MEMBER, type Setup, startSetup } from "./harness.js";

const SECRET = "wk-webhook_S3cret";
const WEBHOOK_URL = "https://wk.example.cn/telegram/webhook";

/** The app's HTTP server in miniature: node:http dispatching through HttpRouter. */
async function serve(router: HttpRouter): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const found = router.match(req.method ?? "GET", new URL(req.url ?? "/", "http://localhost").pathname);
    if (found === null || found === "method") {
      res.writeHead(found === null ? 404 : 405).end();
      return;
    }
    await found.handler(req, res, found.params);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const update = (id: number, text: string) => ({
  update_id: id,
  message: { message_id: id, date: 1_780_000_000, chat: { id: GROUP_ID, type: "supergroup" }, from: MEMBER, text },
});

describe("Telegram adapter: webhook mode", () => {
  let s: Setup;
  let http: { server: Server; url: string };

  beforeEach(async () => {
    const router = new HttpRouter();
    http = await serve(router);
    s = await startSetup({
      config: { mode: "webhook", webhookUrl: WEBHOOK_URL, webhookSecret: SECRET },
      env: contractEnv(router),
    });
  });

  afterEach(async () => {
    await s.close();
    http.server.closeAllConnections();
    await new Promise((r) => http.server.close(r));
  });

  const post = (body: unknown, secret?: string) =>
    fetch(`${http.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify(body),
    });

  it("registers the webhook URL with its secret and does not poll", () => {
    expect(s.fake.callsOf("setWebhook")).toEqual([
      { url: WEBHOOK_URL, secret_token: SECRET, allowed_updates: ["message", "edited_message", "callback_query"] },
    ]);
    expect(s.fake.callsOf("getUpdates")).toHaveLength(0);
  });

  it("answers 401 to a wrong or missing secret and delivers nothing", async () => {
    expect((await post(update(1, "伪造"), "wrong-secret")).status).toBe(401);
    expect((await post(update(2, "伪造"))).status).toBe(401);
    expect(s.events).toHaveLength(0);
  });

  it("delivers an update that carries the right secret", async () => {
    const res = await post(update(3, "机房巡检完成"), SECRET);
    expect(res.status).toBe(200);
    expect(s.events).toHaveLength(1);
    expect(s.events[0]).toMatchObject({
      type: "message",
      message: { text: "机房巡检完成", channel: { kind: "group" } },
    });
  });

  it("delivers a redelivered update once", async () => {
    expect((await post(update(4, "一次"), SECRET)).status).toBe(200);
    expect((await post(update(4, "一次"), SECRET)).status).toBe(200);
    expect(s.events).toHaveLength(1);
  });

  it("answers 503 once stopped, so Telegram keeps the update for later", async () => {
    await s.adapter.stop();
    expect((await post(update(5, "停机期间"), SECRET)).status).toBe(503);
    expect(s.events).toHaveLength(0);
  });
});
