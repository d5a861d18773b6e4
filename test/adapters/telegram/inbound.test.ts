import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../../src/chat/types.js";
import { contractEnv } from "../../contract/chat-adapter.contract.js";
import { GROUP_ID, MEMBER, makeAdapter, makeFake, press, type Setup, say, startSetup } from "./harness.js";

const ofType = <T extends InboundEvent["type"]>(events: InboundEvent[], t: T) =>
  events.filter((e): e is Extract<InboundEvent, { type: T }> => e.type === t);

describe("Telegram adapter: inbound updates", () => {
  let s: Setup;
  afterEach(async () => {
    await s?.close();
  });

  it("delivers /report@BotName as a command for this bot", async () => {
    s = await startSetup();
    await say(s.fake, "/report@WatchkeeperBot intrusion major 官网被篡改");
    const [c] = ofType(s.events, "command");
    expect(c?.command).toMatchObject({ name: "report", args: "intrusion major 官网被篡改" });
    expect(c?.command.channel).toMatchObject({ id: String(GROUP_ID), kind: "group", title: "网络安全工作群" });
  });

  it("does not take a command addressed to another bot, but still shows the text to moderation", async () => {
    s = await startSetup();
    await say(s.fake, "/report@SomeOtherBot 泄露的口令 123456");
    expect(ofType(s.events, "command")).toHaveLength(0);
    expect(ofType(s.events, "message").map((e) => e.message.text)).toEqual(["/report@SomeOtherBot 泄露的口令 123456"]);
  });

  it("gives a command the message it replied to, as evidence", async () => {
    s = await startSetup();
    const bad = await say(s.fake, "内部账号密码 admin/123456");
    await say(s.fake, "/report credential_leak", { replyTo: bad.messageId });
    const [c] = ofType(s.events, "command");
    expect(c?.command.replyTo).toEqual({
      platform: "telegram",
      channelId: String(GROUP_ID),
      messageId: String(bad.messageId),
    });
    expect(c?.command.ref?.messageId).not.toBe(String(bad.messageId));
  });

  it("delivers an edited message with edited: true and the same ref", async () => {
    s = await startSetup();
    const first = await say(s.fake, "机房温度正常");
    await say(s.fake, "机房温度 35 度", { edit: first.messageId });
    const messages = ofType(s.events, "message").map((e) => e.message);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ text: "机房温度 35 度", edited: true });
    expect(messages[1]!.ref).toEqual(messages[0]!.ref);
  });

  it("delivers a caption as text and a document and a photo as attachments", async () => {
    s = await startSetup();
    await say(s.fake, undefined, {
      fields: {
        caption: "日志备份",
        document: {
          file_id: "DOC1",
          file_unique_id: "u1",
          file_name: "access.log",
          mime_type: "text/plain",
          file_size: 2048,
        },
      },
    });
    await say(s.fake, undefined, {
      fields: {
        photo: [
          { file_id: "SMALL", file_unique_id: "p1", width: 90, height: 90, file_size: 100 },
          { file_id: "BIG", file_unique_id: "p2", width: 1280, height: 960, file_size: 90000 },
        ],
      },
    });
    const [doc, photo] = ofType(s.events, "message").map((e) => e.message);
    expect(doc).toMatchObject({
      text: "日志备份",
      attachments: [{ name: "access.log", mimeType: "text/plain", size: 2048, url: "DOC1" }],
    });
    expect(photo).toMatchObject({ text: "", attachments: [{ mimeType: "image/jpeg", size: 90000, url: "BIG" }] });
  });

  it("maps a private chat to a direct channel", async () => {
    s = await startSetup();
    const r = s.fake.userSays(MEMBER.id, MEMBER, "/start");
    await s.fake.waitConfirmed(r.updateId);
    const [c] = ofType(s.events, "command");
    expect(c?.command).toMatchObject({ name: "start", channel: { id: String(MEMBER.id), kind: "direct" } });
    expect(c?.command.sender).toEqual({ platform: "telegram", id: String(MEMBER.id), displayName: "张三" });
  });

  it("ignores service messages with nothing to read", async () => {
    s = await startSetup();
    await say(s.fake, undefined, { fields: { new_chat_members: [MEMBER] } });
    await say(s.fake, "大家好");
    expect(s.events.map((e) => e.type)).toEqual(["message"]);
  });

  it("processes an update delivered twice only once", async () => {
    s = await startSetup();
    const update = {
      message: { message_id: 77, date: 1, chat: { id: GROUP_ID, type: "supergroup" }, from: MEMBER, text: "一次" },
    };
    s.fake.queueUpdate(update, { updateId: 500 });
    s.fake.queueUpdate(update, { updateId: 500 });
    await s.fake.waitConfirmed(500);
    expect(ofType(s.events, "message")).toHaveLength(1);
  });

  it("processes an update once across a restart with the same state, and resumes from the saved offset", async () => {
    const fake = await makeFake();
    const env = contractEnv();
    s = await startSetup({ fake, env });
    const first = await say(fake, "重启之前");
    await s.adapter.stop();
    await fake.waitNoPolls();
    const before = s.events.length;

    // Telegram redelivers the update (as if the offset had not reached it) and a new one arrives.
    const update = {
      message: {
        message_id: first.messageId,
        date: 1,
        chat: { id: GROUP_ID, type: "supergroup" },
        from: MEMBER,
        text: "重启之前",
      },
    };
    fake.queueUpdate(update, { updateId: first.updateId, force: true });
    const pollsBefore = fake.callsOf("getUpdates").length;
    s = await startSetup({ fake, env });
    await say(fake, "重启之后");

    expect(before).toBe(1);
    expect(ofType(s.events, "message").map((e) => e.message.text)).toEqual(["重启之后"]);
    expect(fake.callsOf("getUpdates")[pollsBefore]?.offset).toBe(first.updateId + 1);
  });

  it("delivers a button press after a restart: the callback token's meaning is durable", async () => {
    const fake = await makeFake();
    const env = contractEnv();
    s = await startSetup({ fake, env });
    const ref = await s.adapter.post(
      { platform: "telegram", id: String(GROUP_ID), kind: "group" },
      { text: "INC-7 待确认", buttons: [[{ actionId: "incident.ack", label: "确认", value: { incident: "INC-7" } }]] },
    );
    await s.adapter.stop();
    s = await startSetup({ fake, env });
    await press(fake, env, GROUP_ID, Number(ref.messageId), (e) => e.kind === "action");
    const [a] = ofType(s.events, "action");
    expect(a?.action).toMatchObject({ actionId: "incident.ack", value: { incident: "INC-7" }, message: ref });
    expect(fake.callsOf("answerCallbackQuery")).toHaveLength(1);
  });

  it("answers a press on an unknown button without delivering anything", async () => {
    s = await startSetup();
    const ref = await s.adapter.post({ platform: "telegram", id: String(GROUP_ID), kind: "group" }, { text: "旧消息" });
    const id = s.fake.userPresses(GROUP_ID, Number(ref.messageId), MEMBER, "wk1:unknownunknownunknown");
    await s.fake.waitConfirmed(id);
    expect(s.events).toHaveLength(0);
    expect(s.fake.callsOf("answerCallbackQuery")[0]).toMatchObject({ text: "该按钮已失效" });
  });

  it("keeps delivering after a handler throws, and logs instead of retrying the update", async () => {
    const fake = await makeFake();
    const adapter = makeAdapter(fake);
    const seen: string[] = [];
    await adapter.start(async (e) => {
      if (e.type !== "message") return;
      seen.push(e.message.text);
      if (e.message.text === "坏") throw new Error("core failed");
    }, contractEnv());
    s = {
      fake,
      adapter,
      env: contractEnv(),
      events: [],
      close: async () => {
        await adapter.stop();
        await fake.close();
      },
    };
    await say(fake, "坏");
    await say(fake, "好");
    expect(seen).toEqual(["坏", "好"]);
  });
});
