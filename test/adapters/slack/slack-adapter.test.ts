import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../../src/chat/types.js";
import { FakeClock } from "../../../src/core/clock.js";
import { contractEnv, eventually } from "../../contract/chat-adapter.contract.js";
import {
  adminUserToken,
  botToken,
  createSlackWorld,
  groupId,
  memberId,
  type SlackWorld,
  signingSecret,
} from "./harness.js";

let world: SlackWorld | undefined;
/** Gates still closed when a test ends (it failed): opened first, so stop() does not wait forever. */
const openGates: (() => void)[] = [];

afterEach(async () => {
  for (const release of openGates.splice(0)) release();
  await world?.adapter.stop();
  await world?.close();
  world = undefined;
});

async function started(
  options: Parameters<typeof createSlackWorld>[0] = {},
  handler: (e: InboundEvent) => Promise<void> = async () => {},
): Promise<SlackWorld> {
  world = await createSlackWorld(options);
  await world.start(handler, contractEnv());
  return world;
}

const messages = (w: SlackWorld) => w.delivered.filter((e) => e.type === "message");

/** A deferred promise, to hold a handler or a rate-limit wait until the test lets it go. */
function gate(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((r) => {
    release = r;
  });
  openGates.push(release);
  return { promise, release };
}

describe("Slack adapter: request authenticity", () => {
  it("answers 401 to a request with a bad signature and delivers nothing", async () => {
    const w = await started();
    const event = {
      type: "message",
      channel: groupId,
      channel_type: "channel",
      user: memberId,
      text: "伪造",
      ts: "1772413300.000100",
    };
    const r = await w.sender.event(event, "EvForged", { secret: "not-the-secret" });
    expect(r.status).toBe(401);
    await w.memberSays("真实消息");
    expect(messages(w).map((e) => e.type === "message" && e.message.text)).toEqual(["真实消息"]);
  });

  it("answers 401 to a correctly signed request older than five minutes", async () => {
    const w = await started();
    const event = {
      type: "message",
      channel: groupId,
      channel_type: "channel",
      user: memberId,
      text: "重放",
      ts: "1772413300.000100",
    };
    const r = await w.sender.event(event, "EvReplayed", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(r.status).toBe(401);
    await w.memberSays("之后的消息");
    expect(messages(w)).toHaveLength(1);
  });

  it("answers 503 and delivers nothing once stopped", async () => {
    const w = await started();
    await w.adapter.stop();
    const { status } = await w.memberPosts("停止之后");
    expect(status).toBe(503);
    expect(w.delivered).toHaveLength(0);
  });
});

describe("Slack adapter: retries and rate limits", () => {
  it("delivers an event once when Slack retries it with the same event_id", async () => {
    const w = await started();
    const first = await w.memberPosts("机房温度 31 度", { eventId: "EvSame" });
    const retry = await w.sender.event(
      {
        type: "message",
        channel: groupId,
        channel_type: "channel",
        user: memberId,
        text: "机房温度 31 度",
        ts: first.ts,
      },
      "EvSame",
      { retryNum: 1 },
    );
    expect(retry.status).toBe(200);
    await w.memberSays("下一条");
    expect(messages(w).map((e) => e.type === "message" && e.message.text)).toEqual(["机房温度 31 度", "下一条"]);
  });

  it("waits out a 429's Retry-After, holding other calls, then delivers the message", async () => {
    const waits: number[] = [];
    const held = gate();
    const w = await started({
      adapter: {
        outbox: {
          sleep: async (ms) => {
            waits.push(ms);
            await held.promise;
          },
        },
      },
    });
    w.fake.rateLimitNext("chat.postMessage", 1);
    const first = w.adapter.post(w.group, { text: "第一条通知" });
    await eventually(() => expect(waits).toEqual([1000]));
    const second = w.adapter.post(w.group, { text: "第二条通知" });
    await new Promise((r) => setTimeout(r, 50));
    expect(w.fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status)).toEqual([429]);
    held.release();
    await Promise.all([first, second]);
    const statuses = w.fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status);
    expect(statuses).toEqual([429, 200, 200]);
    expect(await w.groupTexts()).toEqual(expect.arrayContaining(["第一条通知", "第二条通知"]));
  });

  it("retries after a real Retry-After of one second", async () => {
    const w = await started({ adapter: { outbox: {} } });
    w.fake.rateLimitNext("chat.postMessage", 1);
    const ref = await w.adapter.post(w.group, { text: "限流后送达" });
    expect(ref.messageId).not.toBe("");
    expect(w.fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(await w.groupTexts()).toContain("限流后送达");
  });

  it("gives the caller watchkeeper_chat_rate_limited after too many 429s, never a silent drop", async () => {
    const w = await started({ adapter: { outbox: { sleep: async () => {}, maxRateLimitWaits: 1 } } });
    w.fake.rateLimitNext("chat.postMessage", 1);
    w.fake.rateLimitNext("chat.postMessage", 1);
    await expect(w.adapter.post(w.group, { text: "x" })).rejects.toMatchObject({
      code: "watchkeeper_chat_rate_limited",
    });
  });
});

describe("Slack adapter: hide and mute", () => {
  it("answers unsupported to hide without an admin token and calls no chat.delete", async () => {
    const w = await started({ admin: false });
    await w.memberSays("违规内容");
    const ref = await w.lastMemberMessage();
    expect(w.adapter.capabilities.deleteMessages).toBe(false);
    expect(await w.adapter.hide(ref)).toBe("unsupported");
    expect(w.fake.calls.some((c) => c.method === "chat.delete")).toBe(false);
    expect(await w.groupTexts()).toContain("违规内容");
  });

  it("deletes with the admin's user token when one is configured", async () => {
    const w = await started({ admin: true });
    await w.memberSays("违规内容");
    const ref = await w.lastMemberMessage();
    expect(await w.adapter.hide(ref)).toBe("deleted");
    const deletes = w.fake.callsOf("chat.delete");
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.token).toBe(adminUserToken);
    expect(deletes[0]!.params).toMatchObject({ channel: groupId, ts: ref.messageId });
  });

  it("counts a message already gone as hidden", async () => {
    const w = await started({ admin: true });
    expect(await w.adapter.hide({ platform: "slack", channelId: groupId, messageId: "1.000001" })).toBe("deleted");
  });

  it("refuses to mute without an admin token, with watchkeeper_chat_unsupported", async () => {
    const w = await started({ admin: false });
    await expect(w.adapter.restrict(w.group, w.member, new Date(Date.now() + 60_000))).rejects.toMatchObject({
      code: "watchkeeper_chat_unsupported",
    });
  });

  it("deletes a muted member's new messages until the mute ends, still delivering them to the core", async () => {
    const clock = new FakeClock("2026-03-02T01:00:00Z");
    const env = { ...contractEnv(), clock };
    world = await createSlackWorld({ admin: true });
    const w = world;
    await w.start(async () => {}, env);
    const until = new Date(env.clock.now().getTime() + 3600e3);
    await w.adapter.restrict(w.group, w.member, until);
    const muted = await w.memberPosts("禁言期间发言");
    await eventually(() => expect(messages(w)).toHaveLength(1));
    expect(w.fake.callsOf("chat.delete").map((c) => c.params.ts)).toEqual([muted.ts]);
    await clock.advance(3600e3 + 1);
    await w.memberPosts("禁言结束后发言");
    await eventually(() => expect(messages(w)).toHaveLength(2));
    expect(w.fake.callsOf("chat.delete")).toHaveLength(1);
  });

  it("removes a banned member again when they rejoin", async () => {
    const w = await started();
    await w.adapter.remove(w.group, w.member, { ban: true });
    expect(await w.isRemoved()).toBe(true);
    w.fake.join(groupId, memberId);
    await w.sender.event(
      { type: "member_joined_channel", channel: groupId, user: memberId, channel_type: "C" },
      "EvJoin",
    );
    await eventually(() => expect(w.fake.callsOf("conversations.kick")).toHaveLength(2));
    expect(w.fake.members.get(groupId)?.has(memberId)).toBe(false);
  });
});

describe("Slack adapter: inbound mapping", () => {
  it("acks a slash command with HTTP 200 before the core has finished handling it", async () => {
    const held = gate();
    let finished = false;
    const w = await started({}, async (e) => {
      if (e.type !== "command") return;
      await held.promise;
      finished = true;
    });
    const r = await w.sender.command({
      command: "/ack",
      text: "INC-2026-0001",
      user_id: memberId,
      channel_id: groupId,
      channel_name: "security-duty",
      trigger_id: w.fake.issueTrigger(memberId),
    });
    expect(r.status).toBe(200);
    expect(finished).toBe(false);
    await eventually(() => expect(w.delivered.filter((e) => e.type === "command")).toHaveLength(1));
    held.release();
    await eventually(() => expect(finished).toBe(true));
  });

  it("delivers edits as edited messages and shared files as attachments, and ignores the bot itself", async () => {
    const w = await started();
    const original = await w.memberPosts("原文");
    await w.sender.event(
      {
        type: "message",
        subtype: "message_changed",
        channel: groupId,
        channel_type: "channel",
        ts: w.fake.nextTs(),
        message: { type: "message", user: memberId, text: "改过的文字", ts: original.ts },
        previous_message: { type: "message", user: memberId, text: "原文", ts: original.ts },
      },
      "EvEdit",
    );
    await w.sender.event(
      {
        type: "message",
        subtype: "file_share",
        channel: groupId,
        channel_type: "group",
        user: memberId,
        text: "日志",
        ts: w.fake.nextTs(),
        files: [
          {
            id: "F1",
            name: "access.log",
            mimetype: "text/plain",
            size: 2048,
            url_private: "https://files.slack.com/F1",
          },
        ],
      },
      "EvFile",
    );
    await w.sender.event(
      {
        type: "message",
        channel: groupId,
        channel_type: "channel",
        user: w.fake.botUserId,
        bot_id: w.fake.botId,
        text: "机器人自己",
        ts: w.fake.nextTs(),
      },
      "EvSelf",
    );
    await w.memberSays("结束");
    const got = messages(w).map((e) => (e.type === "message" ? e.message : undefined)!);
    expect(got.map((m) => m.text)).toEqual(["原文", "改过的文字", "日志", "结束"]);
    expect(got[1]).toMatchObject({ edited: true, ref: { messageId: original.ts } });
    expect(got[2]!.attachments).toEqual([
      { name: "access.log", mimeType: "text/plain", size: 2048, url: "https://files.slack.com/F1" },
    ]);
    expect(got[2]!.channel.kind).toBe("group");
  });

  it("maps a direct message to a direct channel", async () => {
    const w = await started();
    await w.sender.event(
      { type: "message", channel: "D0MEMBER", channel_type: "im", user: memberId, text: "私聊", ts: w.fake.nextTs() },
      "EvIm",
    );
    await eventually(() => expect(messages(w)).toHaveLength(1));
    const [e] = messages(w);
    expect(e?.type === "message" && e.message.channel).toMatchObject({ id: "D0MEMBER", kind: "direct" });
  });
});

describe("Slack adapter: outbound", () => {
  it("posts Block Kit with JSON button values and action ids unique per button", async () => {
    const w = await started();
    await w.adapter.post(w.group, {
      text: "<!channel> 请确认 & 处理",
      buttons: [
        [
          { actionId: "incident.ack", label: "确认", value: { incident: "INC-1" }, style: "primary" },
          { actionId: "incident.ack", label: "确认(副)", value: { incident: "INC-2" } },
        ],
      ],
    });
    const [call] = w.fake.callsOf("chat.postMessage");
    expect(call!.token).toBe(botToken);
    expect(call!.params.text).toBe("&lt;!channel&gt; 请确认 &amp; 处理");
    const actions = call!.params.blocks.find((b: { type: string }) => b.type === "actions");
    expect(actions.elements.map((b: { action_id: string }) => b.action_id)).toEqual([
      "incident.ack::0",
      "incident.ack::1",
    ]);
    expect(JSON.parse(actions.elements[0].value)).toEqual({ v: { incident: "INC-1" } });
    expect(actions.elements[0].style).toBe("primary");
  });

  it("falls back to a direct message when the member is not in the channel for an ephemeral", async () => {
    const w = await started();
    w.fake.join("C0OTHER", "U0SOMEONE");
    await w.adapter.ephemeral({ platform: "slack", id: "C0OTHER", kind: "group" }, w.member, { text: "改为私信" });
    expect(await w.directTexts()).toEqual(["改为私信"]);
  });

  it("opens a modal with a static select and a multiline text input, its context in private_metadata", async () => {
    const w = await started();
    await w.memberSays("/report");
    await eventually(() => expect(w.delivered).toHaveLength(1));
    const [e] = w.delivered;
    if (e?.type !== "command") throw new Error("expected a command");
    await w.adapter.openForm(e.command, {
      formId: "incident.report",
      title: "报告安全事件",
      submitLabel: "提交",
      fields: [
        {
          id: "category",
          label: "类别",
          kind: "select",
          options: [{ value: "intrusion", label: "黑客攻击" }],
          required: true,
        },
        { id: "description", label: "描述", kind: "textarea" },
      ],
      context: { group: groupId },
    });
    const view = w.fake.views[0]!.view;
    expect(view.blocks.map((b: { element: { type: string } }) => b.element.type)).toEqual([
      "static_select",
      "plain_text_input",
    ]);
    expect(view.blocks[1].element.multiline).toBe(true);
    expect(view.blocks[1].optional).toBe(true);
    expect(JSON.parse(view.private_metadata)).toEqual({
      formId: "incident.report",
      context: { group: groupId },
      channelId: groupId,
    });
  });

  it("refuses to open a form without a trigger_id, with watchkeeper_chat_unsupported", async () => {
    const w = await started();
    const origin = { name: "report", args: "", channel: w.group, sender: w.member, sentAt: new Date() };
    await expect(
      w.adapter.openForm(origin, { formId: "f", title: "t", submitLabel: "s", fields: [], context: {} }),
    ).rejects.toMatchObject({ code: "watchkeeper_chat_unsupported" });
  });

  it("never sends the signing secret or the tokens anywhere but the Authorization header", async () => {
    const w = await started();
    await w.adapter.post(w.group, { text: "x" });
    const bodies = JSON.stringify(w.fake.calls.map((c) => c.params));
    expect(bodies).not.toContain(signingSecret);
    expect(bodies).not.toContain(botToken);
  });
});
