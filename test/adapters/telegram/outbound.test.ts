import { afterEach, describe, expect, it } from "vitest";
import type { ChannelRef, UserRef } from "../../../src/chat/types.js";
import { fakeTimers } from "./fake-timers.js";
import { GROUP_ID, MEMBER, type Setup, say, startSetup } from "./harness.js";

const group: ChannelRef = { platform: "telegram", id: String(GROUP_ID), kind: "group" };
const member: UserRef = { platform: "telegram", id: String(MEMBER.id), displayName: "张三" };
const notEnoughRights = {
  error_code: 400,
  description: "Bad Request: not enough rights to restrict/unrestrict chat member",
};

describe("Telegram adapter: outbound calls", () => {
  let s: Setup;
  afterEach(async () => {
    await s?.close();
  });

  it("posts buttons as an inline keyboard whose callback_data fits Telegram's 64 bytes", async () => {
    s = await startSetup();
    const longValue = {
      incident: "INC-2026-000123",
      duty: "police_report_within_24_hours",
      unit: "信息中心网络安全办公室",
    };
    const ref = await s.adapter.post(group, {
      text: "INC-2026-000123 需要确认",
      buttons: [[{ actionId: "incident.acknowledge.by.responsible.officer", label: "确认", value: longValue }]],
    });
    const [call] = s.fake.callsOf("sendMessage");
    const keyboard = (call!.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    expect(keyboard[0]![0]!.text).toBe("确认");
    expect(Buffer.byteLength(keyboard[0]![0]!.callback_data)).toBeLessThanOrEqual(64);
    expect(ref).toEqual({ platform: "telegram", channelId: String(GROUP_ID), messageId: expect.any(String) });
  });

  it("posts as a reply when asked", async () => {
    s = await startSetup();
    const m = await say(s.fake, "机房漏水了");
    await s.adapter.post(group, {
      text: "已记录",
      replyTo: { platform: "telegram", channelId: String(GROUP_ID), messageId: String(m.messageId) },
    });
    expect(s.fake.callsOf("sendMessage")[0]?.reply_parameters).toMatchObject({ message_id: m.messageId });
  });

  it("restricts with every sending permission off and until_date in seconds", async () => {
    s = await startSetup();
    const until = new Date("2026-12-01T08:00:00Z");
    await s.adapter.restrict(group, member, until);
    const [call] = s.fake.callsOf("restrictChatMember");
    expect(call).toMatchObject({
      chat_id: GROUP_ID,
      user_id: MEMBER.id,
      until_date: until.getTime() / 1000,
      use_independent_chat_permissions: true,
    });
    const permissions = call!.permissions as Record<string, boolean>;
    expect(permissions.can_send_messages).toBe(false);
    expect(
      Object.entries(permissions)
        .filter(([k]) => k.startsWith("can_send_"))
        .every(([, v]) => v === false),
    ).toBe(true);
  });

  it("never lets a very short mute become permanent (Telegram reads < 30 s as forever)", async () => {
    s = await startSetup();
    const now = s.env.clock.now().getTime();
    await s.adapter.restrict(group, member, new Date(now + 5_000));
    expect(s.fake.callsOf("restrictChatMember")[0]?.until_date).toBeGreaterThanOrEqual(
      Math.floor((now + 30_000) / 1000),
    );
  });

  it("lifts a restriction by granting every permission", async () => {
    s = await startSetup();
    await s.adapter.unrestrict(group, member);
    const permissions = s.fake.callsOf("restrictChatMember")[0]?.permissions as Record<string, boolean>;
    expect(permissions.can_send_messages).toBe(true);
    expect(Object.values(permissions).every(Boolean)).toBe(true);
  });

  it("removes without a ban by banning then unbanning only if banned", async () => {
    s = await startSetup();
    await s.adapter.remove(group, member, { ban: false });
    expect(s.fake.calls.map((c) => c.method).filter((m) => /ban/i.test(m))).toEqual([
      "banChatMember",
      "unbanChatMember",
    ]);
    expect(s.fake.callsOf("unbanChatMember")[0]).toMatchObject({ user_id: MEMBER.id, only_if_banned: true });
    expect(s.fake.chat(GROUP_ID).banned.has(MEMBER.id)).toBe(false);
  });

  it("removes with a ban by banning only", async () => {
    s = await startSetup();
    await s.adapter.remove(group, member, { ban: true });
    expect(s.fake.callsOf("unbanChatMember")).toHaveLength(0);
    expect(s.fake.chat(GROUP_ID).banned.has(MEMBER.id)).toBe(true);
  });

  it.each([
    ["restrict", "restrictChatMember", notEnoughRights],
    [
      "remove",
      "banChatMember",
      { error_code: 403, description: "Forbidden: bot is not a member of the supergroup chat" },
    ],
    ["hide", "deleteMessage", { error_code: 400, description: "Bad Request: message can't be deleted" }],
  ] as const)("reports missing admin rights on %s as watchkeeper_chat_not_admin", async (action, method, failure) => {
    s = await startSetup();
    s.fake.failNext(method, failure);
    const run = {
      restrict: () => s.adapter.restrict(group, member, new Date(Date.now() + 3600e3)),
      remove: () => s.adapter.remove(group, member, { ban: false }),
      hide: () => s.adapter.hide({ platform: "telegram", channelId: String(GROUP_ID), messageId: "1" }),
    }[action];
    await expect(run()).rejects.toMatchObject({
      code: "watchkeeper_chat_not_admin",
      details: { method, errorCode: failure.error_code },
    });
  });

  it("refuses to restrict in a direct chat", async () => {
    s = await startSetup();
    await expect(
      s.adapter.restrict({ platform: "telegram", id: String(MEMBER.id), kind: "direct" }, member, new Date()),
    ).rejects.toMatchObject({ code: "watchkeeper_chat_unsupported" });
  });

  it("retries a 429 after retry_after and the message arrives", async () => {
    const timers = fakeTimers();
    s = await startSetup({ adapter: { timers } });
    s.fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    await s.adapter.post(group, { text: "值班提醒" });
    expect(s.fake.callsOf("sendMessage")).toHaveLength(2);
    expect(timers.sleeps).toContain(7000);
    expect(s.fake.botMessages(GROUP_ID).map((m) => m.text)).toEqual(["值班提醒"]);
  });

  it("gives up on a 429 that asks for too long a wait, with watchkeeper_chat_rate_limited", async () => {
    const timers = fakeTimers();
    s = await startSetup({ adapter: { timers, maxRetryAfterMs: 10_000 } });
    s.fake.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests",
      parameters: { retry_after: 3600 },
    });
    await expect(s.adapter.post(group, { text: "值班提醒" })).rejects.toMatchObject({
      code: "watchkeeper_chat_rate_limited",
      details: { retryAfter: 3600 },
    });
    expect(timers.sleeps).not.toContain(3_600_000);
  });

  it("does not resend a message after a lost response, but retries an idempotent call", async () => {
    const timers = fakeTimers();
    s = await startSetup({ adapter: { timers } });
    s.fake.failNext("sendMessage", { error_code: 0, description: "", drop: true });
    await expect(s.adapter.post(group, { text: "一次" })).rejects.toMatchObject({
      code: "watchkeeper_chat_request_failed",
    });
    s.fake.failNext("restrictChatMember", { error_code: 0, description: "", drop: true });
    await s.adapter.restrict(group, member, new Date(Date.now() + 3600e3));
    expect(s.fake.callsOf("restrictChatMember")).toHaveLength(2);
  });

  it("keeps the bot token out of error messages", async () => {
    s = await startSetup();
    s.fake.failNext("sendMessage", { error_code: 0, description: "", drop: true });
    const err = await s.adapter.post(group, { text: "x" }).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(s.fake.token);
    expect(JSON.stringify((err as { details?: unknown }).details)).not.toContain(s.fake.token);
  });

  it("writes directly to a member who started the bot", async () => {
    s = await startSetup();
    const ref = await s.adapter.directMessage(member, { text: "您有一项待确认的事件" });
    expect(ref?.channelId).toBe(String(MEMBER.id));
    expect(s.fake.visible(MEMBER.id).map((m) => m.text)).toEqual(["您有一项待确认的事件"]);
  });

  it("returns null, not an error, when Telegram will not let the bot write first", async () => {
    s = await startSetup();
    s.fake.noDirect.add(MEMBER.id);
    expect(await s.adapter.directMessage(member, { text: "您好" })).toBeNull();
  });

  it("falls back from an ephemeral notice to a group reply that mentions the member", async () => {
    s = await startSetup();
    s.fake.noDirect.add(MEMBER.id);
    await s.adapter.ephemeral(group, member, { text: "您的消息因含有违规内容已被隐藏" });
    const [m] = s.fake.botMessages(GROUP_ID);
    expect(m?.text).toBe("张三 您的消息因含有违规内容已被隐藏");
    expect(m?.entities).toEqual([
      { type: "text_mention", offset: 0, length: 2, user: { id: MEMBER.id, is_bot: false, first_name: "张三" } },
    ]);
    expect(s.adapter.capabilities.ephemeral).toBe(false);
  });

  it("edits text and buttons, and treats an unchanged edit as done", async () => {
    s = await startSetup();
    const ref = await s.adapter.post(group, {
      text: "待确认",
      buttons: [[{ actionId: "incident.ack", label: "确认", value: { incident: "1" } }]],
    });
    await s.adapter.edit(ref, { text: "已由 李四 确认" });
    await s.adapter.edit(ref, { text: "已由 李四 确认" });
    const msg = s.fake.findMessage(GROUP_ID, ref.messageId);
    expect(msg?.text).toBe("已由 李四 确认");
    expect(msg?.reply_markup).toEqual({ inline_keyboard: [] });
  });

  it("hides a message with deleteMessage, and a message already gone counts as hidden", async () => {
    s = await startSetup();
    const m = await say(s.fake, "违规内容");
    const ref = { platform: "telegram", channelId: String(GROUP_ID), messageId: String(m.messageId) };
    expect(await s.adapter.hide(ref)).toBe("deleted");
    expect(await s.adapter.hide(ref)).toBe("deleted");
    expect(s.fake.callsOf("deleteMessage")[0]).toMatchObject({ chat_id: GROUP_ID, message_id: m.messageId });
  });

  it("paces messages into one group (a short burst, then about one per second)", async () => {
    const timers = fakeTimers();
    s = await startSetup({ adapter: { timers } });
    for (let i = 0; i < 5; i++) await s.adapter.post(group, { text: `第${i + 1}条` });
    expect(s.fake.botMessages(GROUP_ID)).toHaveLength(5);
    expect(timers.sleeps).toEqual([1000, 1000]);
  });
});
