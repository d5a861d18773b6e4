// Plays Slack's side for the Slack adapter: the fake Web API records what the bot does, and signed
// HTTP requests deliver what members do. Used by the contract run, the specific tests and the bench.

import { unescapeMrkdwn } from "../../../adapters/slack/blocks.js";
import { parseSlackConfig } from "../../../adapters/slack/config.js";
import { SlackAdapter, type SlackAdapterOptions } from "../../../adapters/slack/slack-adapter.js";
import type { AdapterEnv } from "../../../src/chat/adapter.js";
import type { InboundEvent, MessageRef } from "../../../src/chat/types.js";
import type { ContractHarness } from "../../contract/chat-adapter.contract.js";
import { eventually } from "../../contract/chat-adapter.contract.js";
import { FakeSlack } from "./fake-slack.js";
import { SlackSender, serveRouter } from "./signed-requests.js";

export const botToken = "xoxb-test-bot-token";
export const adminUserToken = "xoxp-test-admin-token";
export const signingSecret = "test-signing-secret";
export const groupId = "C0GROUP";
export const memberId = "U0MEMBER";

export interface SlackWorld extends ContractHarness {
  adapter: SlackAdapter;
  fake: FakeSlack;
  /** Signed requests to the adapter's endpoint (set once started). */
  sender: SlackSender;
  /** Every event the adapter delivered to the handler, in order. */
  delivered: InboundEvent[];
  /** The member posts `text` and the adapter receives the event; returns the event_id and ts used. */
  memberPosts(
    text: string,
    options?: { eventId?: string; retryNum?: number },
  ): Promise<{ eventId: string; ts: string; status: number }>;
}

export interface SlackWorldOptions {
  admin?: boolean;
  adapter?: SlackAdapterOptions;
}

/** A fake workspace with the adapter under test, not yet started. */
export async function createSlackWorld(options: SlackWorldOptions = {}): Promise<SlackWorld> {
  const admin = options.admin ?? true;
  const fake = new FakeSlack({ botToken, ...(admin ? { adminUserToken } : {}) });
  const apiUrl = await fake.listen();
  fake.join(groupId, memberId);
  fake.join(groupId, fake.botUserId);
  const config = parseSlackConfig({ botToken, signingSecret, apiUrl, ...(admin ? { adminUserToken } : {}) });
  const adapter = new SlackAdapter(config, {
    outbox: { sleep: quickSleep },
    retryConfig: { retries: 0 },
    ...options.adapter,
  });
  const delivered: InboundEvent[] = [];
  let server: { url: string; close(): Promise<void> } | undefined;
  let sender: SlackSender | undefined;
  let seq = 0;
  const need = () => {
    if (!sender) throw new Error("start the world first");
    return sender;
  };
  const group = { platform: "slack", id: groupId, kind: "group" as const };
  const member = { platform: "slack", id: memberId };

  const deliveredMessage = (ts: string) =>
    delivered.some((e) => e.type === "message" && e.message.ref.messageId === ts);

  const world: SlackWorld = {
    adapter,
    fake,
    group,
    member,
    delivered,
    get sender() {
      return need();
    },
    async start(handler, env: AdapterEnv) {
      const router = env.http;
      await adapter.start(async (e) => {
        delivered.push(e);
        await handler(e);
      }, env);
      server = await serveRouter(router);
      sender = new SlackSender(`${server.url}/slack/events`, signingSecret);
    },
    async memberPosts(text, opts = {}) {
      const m = fake.memberPosts(groupId, memberId, text);
      seq += 1;
      const eventId = opts.eventId ?? `Ev${String(seq).padStart(6, "0")}`;
      const event = {
        type: "message",
        channel: groupId,
        channel_type: "channel",
        user: memberId,
        text,
        ts: m.ts,
        team: "T0001",
      };
      const r = await need().event(event, eventId, opts.retryNum === undefined ? {} : { retryNum: opts.retryNum });
      return { eventId, ts: m.ts, status: r.status };
    },
    async memberSays(text) {
      if (text.startsWith("/")) {
        const [command = "", ...rest] = text.split(" ");
        await need().command({
          command,
          text: rest.join(" "),
          user_id: memberId,
          user_name: "zhangsan",
          channel_id: groupId,
          channel_name: "security-duty",
          trigger_id: fake.issueTrigger(memberId),
          response_url: "http://127.0.0.1:1/unused",
        });
        return;
      }
      const { ts } = await world.memberPosts(text);
      // Resolves once delivered, as the contract expects (or after its own timeout).
      await eventually(() => {
        if (!deliveredMessage(ts)) throw new Error("not delivered yet");
      }).catch(() => {});
    },
    async memberPresses(ref: MessageRef, actionId, input) {
      const message = fake.messages.find((m) => m.channel === ref.channelId && m.ts === ref.messageId);
      if (!message) throw new Error(`no message ${ref.messageId}`);
      const before = fake.views.length;
      const r = await need().pressButton(fake, message, memberId, actionId);
      if (r.status !== 200) throw new Error(`block_actions answered ${r.status}`);
      if (input === undefined) return;
      // The button asks for text: Slack shows the adapter's modal, the member types and submits it.
      await eventually(() => {
        if (fake.views.length <= before) throw new Error("no input modal yet");
      });
      await world.memberSubmitsForm({ input });
    },
    async memberSubmitsForm(values) {
      const shown = fake.views.findLast((v) => v.user === memberId);
      if (!shown) throw new Error("no modal shown to the member");
      const r = await need().submitView(fake, shown.view, memberId, values);
      if (r.status !== 200) throw new Error(`view_submission answered ${r.status}`);
    },
    async lastForm() {
      const shown = fake.views.findLast((v) => v.user === memberId);
      if (!shown) return undefined;
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
      return { title: shown.view.title.text, fieldIds: (shown.view.blocks ?? []).map((b: any) => b.block_id) };
    },
    groupTexts: async () => fake.visible(groupId, memberId).map((m) => unescapeMrkdwn(m.text)),
    directTexts: async () => fake.visible(`D${memberId.slice(1)}`, memberId).map((m) => unescapeMrkdwn(m.text)),
    privateTexts: async () =>
      fake
        .visible(groupId, memberId)
        .filter((m) => m.visibleTo === memberId)
        .map((m) => unescapeMrkdwn(m.text)),
    async isRestricted() {
      // Slack has no mute: "restricted" means what the member experiences, their new message is removed.
      const { ts } = await world.memberPosts("禁言检查");
      await eventually(() => {
        if (!deliveredMessage(ts)) throw new Error("probe not delivered yet");
      });
      return fake.callsOf("chat.delete").some((c) => c.params.ts === ts && c.token === adminUserToken);
    },
    isRemoved: async () =>
      fake.callsOf("conversations.kick").some((c) => c.params.user === memberId && c.params.channel === groupId) &&
      !fake.members.get(groupId)?.has(memberId),
    async lastMemberMessage() {
      const m = fake.messages.findLast((x) => x.channel === groupId && x.user === memberId);
      if (!m || !deliveredMessage(m.ts)) throw new Error("no delivered member message yet");
      return { platform: "slack", channelId: groupId, messageId: m.ts };
    },
    async close() {
      await server?.close();
      await fake.close();
    },
  };
  return world;
}

/** Rate-limit waits in tests: the real delay, capped, so a Retry-After of 1 s costs at most 1 s. */
async function quickSleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.min(ms, 1000)));
}
