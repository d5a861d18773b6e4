// The whole app started from environment variables as `npm start` would, against fake Slack and
// Telegram servers over real HTTP: a prohibited message in a bound group is hidden on the platform,
// the sender is warned, and the message is stored as evidence.
import { afterEach, describe, expect, it } from "vitest";
import { coreCommands } from "../../src/bot/core-commands.js";
import { moderationFeature } from "../../src/enforcement/feature.js";
import { FakeSlack } from "../adapters/slack/fake-slack.js";
import { SlackSender } from "../adapters/slack/signed-requests.js";
import { FakeBotApi } from "../adapters/telegram/fake-bot-api.js";
import { eventually } from "../contract/chat-adapter.contract.js";
import { appFromEnv } from "../support/app-from-env.js";

const gamblingAd = "兄弟们 赌@博 充值返水 下注链接私聊我";
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const appWith = (env: NodeJS.ProcessEnv) => appFromEnv(env, [coreCommands, moderationFeature()], cleanup);

describe("Slack, configured from SLACK_* variables", () => {
  it("deletes a prohibited channel message with the admin token, warns the sender and keeps the evidence", async () => {
    const fake = new FakeSlack({ botToken: "xoxb-e2e", adminUserToken: "xoxp-e2e-admin" });
    const apiUrl = await fake.listen();
    cleanup.push(() => fake.close());
    const app = await appWith({
      SLACK_BOT_TOKEN: "xoxb-e2e",
      SLACK_SIGNING_SECRET: "e2e-secret",
      SLACK_API_URL: apiUrl,
      SLACK_ADMIN_USER_TOKEN: "xoxp-e2e-admin",
    });
    expect(app.context.chat.all().map((a) => a.platform)).toEqual(["slack"]);
    const sender = new SlackSender(`${app.url}/slack/events`, "e2e-secret");
    // 郑一 (U0123ABCL) posts in the IT centre's channel C0IT00001.
    const m = fake.memberPosts("C0IT00001", "U0123ABCL", gamblingAd);
    const r = await sender.event(
      { type: "message", channel: "C0IT00001", channel_type: "channel", user: "U0123ABCL", text: gamblingAd, ts: m.ts },
      "Ev0001",
    );
    expect(r.status).toBe(200);
    await eventually(() => expect(fake.callsOf("chat.delete")).toHaveLength(1), 10_000);
    expect(fake.callsOf("chat.delete")[0]).toMatchObject({
      token: "xoxp-e2e-admin",
      params: { channel: "C0IT00001", ts: m.ts },
    });
    await eventually(
      () => expect(fake.callsOf("chat.postEphemeral").map((c) => c.params.user)).toContain("U0123ABCL"),
      10_000,
    );
    // Slack is answered before the work is done; the evidence row settles just after.
    await eventually(async () => {
      const row = await app.context.db.prisma.storedMessage.findFirstOrThrow();
      expect(row).toMatchObject({
        platform: "slack",
        groupId: "it-centre-group",
        senderPersonId: "zheng.yi",
        text: gamblingAd,
        hidden: true,
      });
    }, 10_000);

    // A forged request is refused and changes nothing.
    const forged = await sender.event(
      { type: "message", channel: "C0IT00001", user: "U0123ABCL", text: gamblingAd, ts: fake.nextTs() },
      "Ev0002",
      { secret: "wrong" },
    );
    expect(forged.status).toBe(401);
    expect(await app.context.db.prisma.storedMessage.count()).toBe(1);
  });
});

describe("Telegram, configured from TELEGRAM_* variables", () => {
  it("polls the Bot API, deletes a prohibited group message and warns the member", async () => {
    const fake = new FakeBotApi();
    await fake.start();
    cleanup.push(() => fake.close());
    const groupId = -1001234567890; // it-centre-group
    fake.chat(groupId, "supergroup", "网络中心工作群");
    const app = await appWith({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_URL: fake.url });
    expect(app.context.chat.all().map((a) => a.platform)).toEqual(["telegram"]);
    const member = { id: 123456797, is_bot: false, first_name: "郑一" };
    const { messageId } = fake.userSays(groupId, member, gamblingAd);
    await eventually(
      () => expect(fake.callsOf("deleteMessage")).toEqual([expect.objectContaining({ message_id: messageId })]),
      15_000,
    );
    await eventually(
      () => expect(fake.callsOf("sendMessage").some((c) => String(c.text).includes("赌博"))).toBe(true),
      15_000,
    );
    await eventually(async () => {
      const row = await app.context.db.prisma.storedMessage.findFirstOrThrow();
      expect(row).toMatchObject({
        platform: "telegram",
        groupId: "it-centre-group",
        senderPersonId: "zheng.yi",
        hidden: true,
      });
    }, 10_000);
    expect(fake.callsOf("setMyCommands").length).toBeGreaterThan(0);
  });
});
