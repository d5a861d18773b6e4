import { afterEach, describe, expect, it } from "vitest";
import { coreCommands } from "../../src/bot/core-commands.js";
import { moderationFeature } from "../../src/enforcement/feature.js";
import { createModerationEngine, type ModerationEngine } from "../../src/moderation/index.js";
import { eventually } from "../contract/chat-adapter.contract.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const group = "cs-students"; // computer-dept; zheng.yi is an operator there
const gamblingAd = "兄弟们 赌@博 充值返水 下注链接私聊我";

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

async function start(options: Parameters<typeof moderationFeature>[0] = {}) {
  t = await startTestApp({ features: [coreCommands, moderationFeature({ retryDelaysMs: [0, 0, 0], ...options })] });
  return t;
}

const world = () => t.chat.world;
const stored = () => t.app.context.db.prisma.storedMessage.findMany({ orderBy: { receivedAt: "asc" } });

describe("moderation in the groups", () => {
  it("hides a prohibited message, keeps it as evidence, warns the sender privately with an appeal button", async () => {
    await start();
    const ref = await t.chat.asUserSay("zheng.yi", group, gamblingAd);
    expect(world().find(ref)?.hidden).toBe(true);
    const [row] = await stored();
    expect(row).toMatchObject({ text: gamblingAd, hidden: true, moderationState: "done", senderPersonId: "zheng.yi" });
    expect(row!.actionTaken).not.toBe("none");
    expect((row!.verdict as { categories: string[] }).categories).toContain("gambling");
    const notice = world()
      .visible(group, "zheng.yi")
      .find((m) => m.visibleTo === "zheng.yi");
    expect(notice?.text).toContain("赌博");
    expect(notice?.text).toContain(row!.id.slice(0, 8));
    expect(notice?.buttons.flat().map((b) => b.actionId)).toEqual(["moderation.appeal"]);
    // Other members see neither the message nor the private notice.
    expect(
      world()
        .visible(group, "wu.shi")
        .map((m) => m.text),
    ).toEqual([]);
    expect(await t.app.context.db.prisma.moderationStrike.count()).toBe(1);
    expect((await t.app.context.audit.history("message", row!.id)).map((a) => a.action)).toEqual([
      "moderation.enforced",
    ]);
  });

  it("leaves ordinary work chat alone", async () => {
    await start();
    const ref = await t.chat.asUserSay("zheng.yi", group, "明天上午九点机房巡检，请大家准时到岗，密码策略要求8位以上");
    expect(world().find(ref)?.hidden).toBe(false);
    const [row] = await stored();
    expect(row).toMatchObject({ moderationState: "done", actionTaken: "none", hidden: false });
    expect(await t.app.context.db.prisma.moderationStrike.count()).toBe(0);
  });

  it("climbs the strike ladder: warn, then mute, then a longer mute, then removal", async () => {
    await start();
    const restrictedUntil = () => world().channels.get(group)?.restrictedUntil.get("zheng.yi");
    await t.chat.asUserSay("zheng.yi", group, "你就是个傻逼，脑残");
    expect(restrictedUntil()).toBeUndefined();
    await t.clock.advance(60_000);
    await t.chat.asUserSay("zheng.yi", group, "傻逼东西，滚");
    const firstMute = restrictedUntil()! - t.clock.now().getTime();
    expect(firstMute).toBe(60 * 60_000);
    await t.clock.advance(2 * 3600_000);
    await t.chat.asUserSay("zheng.yi", group, "脑残傻逼");
    expect(restrictedUntil()! - t.clock.now().getTime()).toBe(24 * 3600_000);
    await t.clock.advance(25 * 3600_000);
    await t.chat.asUserSay("zheng.yi", group, "傻逼傻逼");
    expect(world().channels.get(group)?.members.has("zheng.yi")).toBe(false);
    const strikes = await t.app.context.db.prisma.moderationStrike.findMany({ orderBy: { at: "asc" } });
    expect(strikes.map((s) => s.action)).toEqual(["warn", "mute", "mute", "remove"]);
  });

  it("stores a leaked password only in redacted form and tells the sender to change it", async () => {
    await start();
    await t.chat.asUserSay("zheng.yi", group, "服务器 root 密码：Qw3rty!2026x 大家先用着");
    const [row] = await stored();
    expect(row!.text).not.toContain("Qw3rty!2026x");
    expect(row!.text).toContain("已隐去");
    expect(JSON.stringify(row!.verdict)).not.toContain("Qw3rty!2026x");
    const notice = world()
      .visible(group, "zheng.yi")
      .find((m) => m.visibleTo === "zheng.yi");
    expect(notice?.text).toContain("修改");
    const dm = world().visible("dm:zheng.yi", "zheng.yi").at(-1);
    expect(dm?.text).toContain("修改");
  });

  it("keeps a message whose moderation fails and retries it until it is judged", async () => {
    const real = createModerationEngine();
    let calls = 0;
    const flaky: ModerationEngine = {
      ...real,
      moderate: (input) => {
        calls += 1;
        if (calls === 1) throw new Error("lexicon service hiccup");
        return real.moderate(input);
      },
    };
    await start({ engine: flaky });
    const ref = await t.chat.asUserSay("zheng.yi", group, gamblingAd);
    // Kept, not dropped, and retried by the queue.
    const row = await eventually(async () => {
      const [r] = await stored();
      expect(r?.moderationState).toBe("done");
      return r!;
    }, 15_000);
    expect(row.moderationAttempts).toBe(1);
    expect(row.text).toBe(gamblingAd);
    expect(world().find(ref)?.hidden).toBe(true);
  });

  it("lets a member appeal and a reviewer restore the message, clearing the strike; others may not decide", async () => {
    await start();
    const ref = await t.chat.asUserSay("zheng.yi", group, gamblingAd);
    const [row] = await stored();
    const code = row!.id.slice(0, 8);
    // Muted in the group, the member appeals from their direct chat with the bot.
    await t.chat.asUserSay("zheng.yi", "dm:zheng.yi", `/appeal ${code} 我是在转发诈骗案例提醒大家`);
    const appeal = await t.app.context.db.prisma.moderationAppeal.findFirstOrThrow();
    expect(appeal).toMatchObject({ state: "open", byPersonId: "zheng.yi", number: "AP-2026-0001" });
    // The reviewer for computer-dept is the nearest security staff up the tree: the school's security office.
    const review = world().visible("dm:chen.qi", "chen.qi").at(-1)!;
    expect(review.text).toContain("AP-2026-0001");
    const reviewRef = { platform: "memory", channelId: "dm:chen.qi", messageId: review.id };
    // An operator cannot decide it: refused and audited.
    world().messages.push({ ...review, id: "forwarded", channelId: "dm:zheng.yi" });
    await t.chat.asUserPress(
      "zheng.yi",
      { platform: "memory", channelId: "dm:zheng.yi", messageId: "forwarded" },
      "moderation.restore",
    );
    expect((await t.app.context.db.prisma.moderationAppeal.findFirstOrThrow()).state).toBe("open");
    expect((await t.app.context.audit.history("appeal", "AP-2026-0001")).map((a) => a.action)).toEqual([
      "moderation.appeal.refused",
    ]);
    await t.chat.asUserPress("chen.qi", reviewRef, "moderation.restore");
    expect((await t.app.context.db.prisma.moderationAppeal.findFirstOrThrow()).state).toBe("restored");
    expect(world().find(ref)?.hidden).toBe(false);
    expect((await t.app.context.db.prisma.moderationStrike.findFirstOrThrow()).clearedAt).not.toBeNull();
    expect(world().isRestricted(group, "zheng.yi", t.clock.now().getTime())).toBe(false);
    expect(world().visible("dm:chen.qi", "chen.qi").at(-1)?.text).toContain("审核通过");
    expect(world().visible("dm:zheng.yi", "zheng.yi").at(-1)?.text).toContain("审核通过");
  });

  it("shows the evidence of a moderated message to a reviewer and refuses everybody else", async () => {
    await start();
    await t.chat.asUserSay("zheng.yi", group, gamblingAd);
    const [row] = await stored();
    const code = row!.id.slice(0, 8);
    await t.chat.asUserSay("wu.shi", "dm:wu.shi", `/evidence ${code}`);
    expect(world().visible("dm:wu.shi", "wu.shi").at(-1)?.text).toContain(row!.contentHash);
    await t.chat.asUserSay("zheng.yi", "dm:zheng.yi", `/evidence ${code}`);
    expect(world().visible("dm:zheng.yi", "zheng.yi").at(-1)?.text).toContain("只有");
    expect((await t.app.context.audit.history("message", row!.id)).map((a) => a.action)).toEqual([
      "moderation.enforced",
      "evidence.viewed",
      "evidence.refused",
    ]);
  });

  it("refuses an appeal about somebody else's message", async () => {
    await start();
    await t.chat.asUserSay("zheng.yi", group, gamblingAd);
    const [row] = await stored();
    await t.chat.asUserSay("wu.shi", group, `/appeal ${row!.id.slice(0, 8)} 不是我`);
    expect(await t.app.context.db.prisma.moderationAppeal.count()).toBe(0);
    expect(world().visible(group, "wu.shi").at(-1)?.text).toContain("本人");
  });
});
