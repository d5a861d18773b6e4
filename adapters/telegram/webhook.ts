import type { IncomingMessage, ServerResponse } from "node:http";
import { type Bot, webhookCallback } from "node-telegram-bot-api";
import { type HttpRouter, readBody, sendText } from "../../src/http/router.js";
import { TELEGRAM_WEBHOOK_PATH } from "./config.js";

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

// One route per router: HttpRouter cannot remove routes, so a restarted adapter re-targets the mounted one.
const mounted = new WeakMap<HttpRouter, { target: NodeHandler | undefined }>();

/**
 * Bridges node:http to the library's Fetch-style `webhookCallback`, which checks the
 * X-Telegram-Bot-Api-Secret-Token header in constant time (401 when wrong) before the update reaches the bot.
 */
export function nodeWebhookHandler(bot: Bot, secretToken: string): NodeHandler {
  const handle = webhookCallback(bot, { secretToken });
  return async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      sendText(res, (e as { status?: number }).status ?? 400, "Bad Request");
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await handle(
      new Request(`http://localhost${req.url ?? TELEGRAM_WEBHOOK_PATH}`, {
        method: req.method ?? "POST",
        headers,
        body: new Uint8Array(body),
      }),
    );
    sendText(res, response.status, await response.text());
  };
}

/** Mounts POST /telegram/webhook on the router (once) and points it at `target`; undefined answers 503. */
export function mountWebhook(router: HttpRouter, target: NodeHandler | undefined): void {
  let slot = mounted.get(router);
  if (!slot) {
    const s: { target: NodeHandler | undefined } = { target: undefined };
    slot = s;
    mounted.set(router, s);
    router.post(TELEGRAM_WEBHOOK_PATH, async (req, res) => {
      // 503 while stopped: Telegram keeps the update and retries, so nothing is lost over a restart.
      if (!s.target) return sendText(res, 503, "Service Unavailable");
      await s.target(req, res);
    });
  }
  slot.target = target;
}
