// Slack's side of the HTTP endpoint: requests signed as Slack signs them, sent to a real node:http
// server that routes with the app's HttpRouter.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRouter } from "../../../src/http/router.js";
import type { FakeMessage, FakeSlack } from "./fake-slack.js";

/** A node:http server that dispatches through `router`, as the app's own server does. */
export async function serveRouter(router: HttpRouter): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const m = router.match(req.method ?? "GET", path);
    if (m === null || m === "method") {
      res.writeHead(m === null ? 404 : 405);
      res.end();
      return;
    }
    Promise.resolve(m.handler(req, res, m.params)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `v0=` + HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`), as Slack signs every request. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface SendOptions {
  /** Seconds since the epoch. @defaultValue now */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
  /** X-Slack-Retry-Num: Slack resending an event. */
  retryNum?: number;
}

/** Sends a signed request to the adapter's endpoint; resolves with the HTTP status and body. */
export class SlackSender {
  constructor(
    private readonly endpoint: string,
    private readonly signingSecret: string,
  ) {}

  async send(
    body: string,
    contentType: "application/json" | "application/x-www-form-urlencoded",
    options: SendOptions = {},
  ): Promise<{ status: number; text: string }> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(options.secret ?? this.signingSecret, timestamp, body),
    };
    if (options.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(options.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    const res = await fetch(this.endpoint, { method: "POST", headers, body });
    return { status: res.status, text: await res.text() };
  }

  /** An Events API event_callback (JSON). */
  event(event: Record<string, unknown>, eventId: string, options?: SendOptions) {
    const body = JSON.stringify({
      token: "legacy-verification-token",
      team_id: "T0001",
      api_app_id: "A0001",
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: "T0001", user_id: "UBOT", is_bot: true }],
      event,
    });
    return this.send(body, "application/json", options);
  }

  /** A slash command (form fields). */
  command(fields: Record<string, string>, options?: SendOptions) {
    return this.send(
      new URLSearchParams({ team_id: "T0001", ...fields }).toString(),
      "application/x-www-form-urlencoded",
      options,
    );
  }

  /** An interactivity payload (block_actions, view_submission): form field `payload` holding JSON. */
  interaction(payload: Record<string, unknown>, options?: SendOptions) {
    const body = new URLSearchParams({ payload: JSON.stringify({ team: { id: "T0001" }, ...payload }) }).toString();
    return this.send(body, "application/x-www-form-urlencoded", options);
  }

  /** A member presses the button whose action id starts with `actionId` on a message the fake holds. */
  pressButton(
    fake: FakeSlack,
    message: Pick<FakeMessage, "channel" | "ts" | "text" | "blocks">,
    user: string,
    actionId: string,
  ) {
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
    const buttons: any[] = message.blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements);
    const button = buttons.find((b) => String(b.action_id).split("::")[0] === actionId);
    if (!button) throw new Error(`no button ${actionId} on ${message.ts}`);
    return this.interaction({
      type: "block_actions",
      trigger_id: fake.issueTrigger(user),
      user: { id: user, username: user, name: user, team_id: "T0001" },
      api_app_id: "A0001",
      container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: message.channel },
      message: { type: "message", ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: "http://127.0.0.1:1/unused",
      actions: [
        {
          type: "button",
          action_id: button.action_id,
          block_id: "b",
          text: button.text,
          value: button.value,
          action_ts: fake.nextTs(),
        },
      ],
    });
  }

  /** A member fills in a modal the fake showed them (select values or typed text by block id) and submits it. */
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
  submitView(fake: FakeSlack, view: any, user: string, values: Record<string, string>) {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks ?? []) {
      if (block.type !== "input") continue;
      const v = values[block.block_id];
      if (v === undefined) continue;
      const el = block.element;
      state[block.block_id] = {
        [el.action_id]:
          el.type === "static_select"
            ? { type: "static_select", selected_option: { text: { type: "plain_text", text: v }, value: v } }
            : { type: "plain_text_input", value: v },
      };
    }
    return this.interaction({
      type: "view_submission",
      trigger_id: fake.issueTrigger(user),
      user: { id: user, username: user, name: user, team_id: "T0001" },
      api_app_id: "A0001",
      view: {
        id: "V1",
        type: "modal",
        team_id: "T0001",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        title: view.title,
        blocks: view.blocks,
        state: { values: state },
        hash: "h",
      },
    });
  }
}
