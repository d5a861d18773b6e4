import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../support/test-app.js";
import { chatHelpers, days, hours, startDutiesApp } from "./helpers.js";

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

describe("shift handover (交接班)", { timeout: 120_000 }, () => {
  it("records a handover the next person confirms, and escalates the one that is missing", async () => {
    t = await startDutiesApp();
    const { withButton, ref, texts } = chatHelpers(t);
    const prisma = t.app.context.db.prisma;

    // Next Monday 09:00 wang.wu's shift ends: he is asked, opens the form from the button, fills it in.
    await t.clock.advance(days(7));
    const ask = withButton("dm:wang.wu", "duty.handover.form")!;
    expect(ask.text).toContain("请在 2026-03-09 10:00 前用 /handover 记录交接班");
    await t.chat.asUserPress("wang.wu", ref(ask), "duty.handover.form");
    expect(t.chat.world.forms.at(-1)?.spec.fields.map((f) => f.id)).toEqual([
      "network",
      "temperature",
      "humidity",
      "issues",
    ]);
    await t.chat.asUserSubmitForm("wang.wu", {
      network: "核心交换机正常",
      temperature: "22",
      humidity: "45",
      issues: "无",
    });
    const confirm = withButton("dm:feng.er", "duty.handover.confirm")!;
    expect(confirm.text).toContain("王五 已交班");
    expect(confirm.text).toContain("温度：22  湿度：45");
    await t.chat.asUserPress("feng.er", ref(confirm), "duty.handover.confirm");
    expect(t.chat.world.find(ref(confirm))?.text).toContain("冯二 已于 2026-03-09 09:00 确认接班");
    const first = await prisma.dutyHandover.findFirstOrThrow();
    expect(first).toMatchObject({ fromPersonId: "wang.wu", toPersonId: "feng.er", confirmedBy: "feng.er" });
    const kept = await prisma.dutyTask.findFirstOrThrow({ where: { dutyId: "handover", ownerPersonId: "wang.wu" } });
    expect(kept).toMatchObject({ state: "done", late: false });

    // A week on feng.er says nothing: at 10:00 it is missed (unit head), at 14:00 the security office hears.
    await t.clock.advance(days(7));
    await t.clock.advance(hours(1));
    expect(texts("dm:li.si").some((s) => s.includes("「交接班」应由 冯二"))).toBe(true);
    await t.clock.advance(hours(4));
    expect(texts("dm:chen.qi").some((s) => s.includes("「交接班」应由 冯二"))).toBe(true);
    const missing = await prisma.dutyTask.findFirstOrThrow({ where: { dutyId: "handover", ownerPersonId: "feng.er" } });
    expect(missing).toMatchObject({ state: "missed", escalationLevel: 2 });
    expect(await prisma.dutyHandover.count()).toBe(1);
  });
});

describe("pre-publication approval (先审后发)", { timeout: 120_000 }, () => {
  it("posts approved text to the group and archives the approval; returns rejected text with the reason", async () => {
    t = await startDutiesApp();
    const { withButton, ref, texts } = chatHelpers(t);
    const prisma = t.app.context.db.prisma;

    await t.chat.asUserSay(
      "zhou.jiu",
      "academic-group",
      "/publish school-notices 周六上午机房停电检修，请提前保存工作。",
    );
    expect(texts("academic-group", "zhou.jiu").at(-1)).toContain("已提交 赵六 审核");
    const ask = withButton("dm:zhao.liu", "duty.publish.approve")!;
    expect(ask.text).toContain("周九 申请在「学校通知群」发布");
    await t.chat.asUserPress("zhao.liu", ref(ask), "duty.publish.approve");
    const posted = t.chat.world.visible("school-notices").filter((m) => m.fromBot);
    expect(posted.map((m) => m.text)).toEqual(["周六上午机房停电检修，请提前保存工作。"]);
    expect(texts("dm:zhou.jiu").at(-1)).toContain("已由 赵六 批准并发布");
    const approved = await prisma.publication.findFirstOrThrow({ where: { state: "approved" } });
    expect(approved).toMatchObject({ decidedBy: "zhao.liu", authorPersonId: "zhou.jiu" });
    expect((approved.posted as unknown[]).length).toBe(1);
    expect((await t.app.context.audit.history("publication", approved.id)).map((a) => a.action)).toEqual([
      "publication.requested",
      "publication.approved",
    ]);

    await t.chat.asUserSay("zhou.jiu", "academic-group", "/publish school-notices 明天全体放假！");
    const second = withButton("dm:zhao.liu", "duty.publish.reject", "明天全体放假")!;
    // Only the approver decides.
    await t.chat.asUserPress("zhou.jiu", ref(second), "duty.publish.approve");
    expect((await prisma.publication.findFirstOrThrow({ where: { text: "明天全体放假！" } })).state).toBe("pending");
    await t.chat.asUserPress("zhao.liu", ref(second), "duty.publish.reject", "未经校办确认");
    expect(texts("dm:zhou.jiu").at(-1)).toContain("被 赵六 退回，理由：未经校办确认");
    expect(texts("dm:zhou.jiu").at(-1)).toContain("明天全体放假！");
    expect(t.chat.world.visible("school-notices").filter((m) => m.fromBot)).toHaveLength(1);
  });

  it("hides other posts in a reviewed-only group, keeps them as evidence and tells the author how to publish", async () => {
    t = await startDutiesApp();
    const msg = await t.chat.asUserSay("zheng.yi", "school-notices", "大家好，明天停课");
    expect(t.chat.world.find(msg)?.hidden).toBe(true);
    const stored = await t.app.context.db.prisma.storedMessage.findFirstOrThrow({
      where: { groupId: "school-notices" },
    });
    expect(stored).toMatchObject({ text: "大家好，明天停课", hidden: true, senderPersonId: "zheng.yi" });
    const advice = t.chat.world.visible("school-notices", "zheng.yi").filter((m) => m.visibleTo === "zheng.yi");
    expect(advice.at(-1)?.text).toContain("/publish school-notices <内容>");
    expect(t.chat.world.visible("school-notices", "wu.shi")).toEqual([]);
    // Ordinary groups are untouched.
    const other = await t.chat.asUserSay("zheng.yi", "cs-students", "明天上课");
    expect(t.chat.world.find(other)?.hidden).toBe(false);
  });
});
