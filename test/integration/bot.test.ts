import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe("the bot on the memory platform", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.stop();
  });

  it("knows who a person is and which unit runs the group", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/whoami");
    const reply = t.chat.world.visible("it-centre-group", "wang.wu").at(-1)!;
    expect(reply.fromBot).toBe(true);
    expect(reply.visibleTo).toBe("wang.wu");
    expect(reply.text).toContain("王五");
    expect(reply.text).toContain("security_officer@it-centre");
    expect(reply.text).toContain("网络中心工作群");
  });

  it("tells an unknown user they are not in the directory", async () => {
    await t.chat.asUserSay("stranger", "it-centre-group", "/whoami");
    expect(t.chat.world.visible("it-centre-group", "stranger").at(-1)!.text).toContain("尚未登记");
  });

  it("answers an unknown command privately with a pointer to /help", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/nonsense");
    const reply = t.chat.world.visible("it-centre-group", "wang.wu").at(-1)!;
    expect(reply.text).toContain("/help");
    expect(t.chat.world.visible("it-centre-group", "li.si").map((m) => m.text)).not.toContain(reply.text);
  });

  it("keeps every group message as evidence, once, with a content hash", async () => {
    const ref = await t.chat.asUserSay("wang.wu", "it-centre-group", "机房温度 22 度，湿度 45%");
    await t.chat.asUserEdit("wang.wu", ref, "机房温度 23 度，湿度 45%");
    const rows = await t.app.context.db.prisma.storedMessage.findMany({ orderBy: { version: "asc" } });
    expect(rows.map((r) => [r.text, r.version, r.groupId, r.senderPersonId])).toEqual([
      ["机房温度 22 度，湿度 45%", 0, "it-centre-group", "wang.wu"],
      ["机房温度 23 度，湿度 45%", 1, "it-centre-group", "wang.wu"],
    ]);
    expect(rows[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.contentHash).not.toBe(rows[1]!.contentHash);
  });

  it("lists the commands in /help in English for an English-speaking deployment", async () => {
    await t.stop();
    t = await startTestApp({ locale: "en" });
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/help");
    const text = t.chat.world.visible("it-centre-group", "wang.wu").at(-1)!.text;
    expect(text).toContain("Watchkeeper commands:");
    expect(text).toContain("/whoami");
  });
});
