import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { incidentServiceOf, openIncident } from "../../src/incidents/index.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3600_000;

describe("incidents in the chat (memory platform)", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ start: "2026-03-02T01:00:00Z" });
  });
  afterEach(async () => {
    await t.stop();
  });
  const prisma = () => t.app.context.db.prisma;
  const last = (channel: string, viewer: string) => t.chat.world.visible(channel, viewer).at(-1)!;
  const withButton = (channel: string, actionId: string) =>
    [...t.chat.world.visible(channel)].reverse().find((m) => m.buttons.flat().some((b) => b.actionId === actionId))!;
  const ref = (m: { channelId: string; id: string }) => ({
    platform: "memory",
    channelId: m.channelId,
    messageId: m.id,
  });
  const audits = async (action: string) =>
    (await prisma().auditEntry.findMany({ where: { action }, orderBy: { seq: "asc" } })).map((a) => ({
      actor: a.actor,
      data: a.data as Record<string, unknown>,
    }));

  it("runs report → no ack → unit head acks → police report missed at 24 h → leadership group", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    expect(last("it-centre-group", "wang.wu").text).toContain("已登记事件 INC-2026-0001");
    await t.clock.advance(minutes(15));
    // The escalation reaches li.si directly, with buttons.
    const dm = withButton("dm:li.si", "incident.ack");
    expect(dm.text).toContain("未在时限内确认，已上报 李四");
    await t.clock.advance(minutes(5));
    await t.chat.asUserPress("li.si", ref(dm), "incident.ack");
    expect(t.chat.world.find(ref(dm))!.text).toContain("✅ 已由 李四 于 2026-03-02 09:20 确认");
    expect(t.chat.world.find(ref(dm))!.buttons).toEqual([]);
    const inc = await prisma().incident.findUniqueOrThrow({ where: { number: "INC-2026-0001" } });
    expect(inc.acknowledgedBy).toBe("li.si");

    // li.si cannot file the security office's police report.
    await t.clock.advance(hours(3));
    await t.chat.asUserSay("li.si", "it-centre-group", "/done INC-2026-0001 police_report 公安备案 2026-118");
    expect(last("it-centre-group", "li.si").text).toContain("只有负责人或其上级可以操作");
    expect(await audits("done.refused")).toEqual([
      { actor: "li.si", data: expect.objectContaining({ key: "police_report", owners: ["chen.qi"] }) },
    ]);

    await t.clock.advance(hours(21));
    const leaders = withButton("dm:zhao.liu", "incident.done");
    expect(leaders.text).toContain("24小时内向县级以上公安机关报告」未按时完成，已移交 张三、赵六");
    const police = await prisma().deadline.findMany({
      where: { incidentId: inc.id, dutyId: "police_report" },
      orderBy: { level: "asc" },
    });
    expect(police.map((d) => [d.state, d.ownerPersonIds, d.dueAt.toISOString()])).toEqual([
      ["missed", ["chen.qi"], "2026-03-03T01:00:00.000Z"],
      ["open", ["zhang.san", "zhao.liu"], "2026-03-03T05:00:00.000Z"],
    ]);
    // The leadership group files it, with proof.
    await t.chat.asUserPress("zhao.liu", ref(leaders), "incident.done", "公安备案 2026-118");
    const filed = await prisma().deadline.findFirstOrThrow({
      where: { incidentId: inc.id, dutyId: "police_report", state: "met" },
    });
    expect([filed.proof, filed.closedBy]).toEqual(["公安备案 2026-118", "zhao.liu"]);
    expect(await t.app.context.audit.verify()).toMatchObject({ ok: true });
  });

  it("refuses and audits an acknowledgement from someone outside the chain", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report malware_infection serious 三台电脑感染病毒");
    const msg = withButton("it-centre-group", "incident.ack");
    await t.chat.asUserPress("feng.er", ref(msg), "incident.ack");
    expect(last("it-centre-group", "feng.er").text).toContain("目前由 王五 负责");
    await t.chat.asUserSay("stranger", "it-centre-group", "/ack INC-2026-0001");
    expect(last("it-centre-group", "stranger").text).toContain("尚未登记在人员名录中");
    expect((await audits("ack.refused")).map((a) => a.actor)).toEqual(["feng.er", "memory:stranger"]);
    expect((await prisma().incident.findFirstOrThrow()).acknowledgedAt).toBeNull();
  });

  it("opens the form for a bare /report, with the group's unit as the default", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report");
    const form = t.chat.world.forms.at(-1)!;
    expect(form.spec.fields.find((f) => f.id === "unit")?.initial).toBe("it-centre");
    expect(form.spec.fields.find((f) => f.id === "category")?.options?.map((o) => o.value)).toContain("physical");
    await t.chat.asUserSubmitForm("wang.wu", {
      category: "physical",
      severity: "较大",
      description: "机房空调漏水",
      affected_system: "核心机房",
      unit: "it-centre",
    });
    const inc = await prisma().incident.findFirstOrThrow();
    expect([inc.number, inc.category, inc.severity, inc.affectedSystem, inc.sourceGroupId]).toEqual([
      "INC-2026-0001",
      "physical",
      "serious",
      "核心机房",
      "it-centre-group",
    ]);
  });

  it("lets people outside the directory report, and tells them so", async () => {
    await t.chat.asUserSay("visitor", "it-centre-group", "/report 数据泄露 一般 学生名单被发到外部群");
    expect(last("it-centre-group", "visitor").text).toContain("尚未登记在人员名录中，报告已按外部人员记录");
    const inc = await prisma().incident.findFirstOrThrow();
    expect([inc.reporterPersonId, inc.reporterExternal, inc.category]).toEqual([null, "memory:visitor", "data_leak"]);
  });

  it("answers a malformed /report with the usage", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion");
    expect(last("it-centre-group", "wang.wu").text).toContain("用法：/report <类别> <级别> <描述…>");
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report hacking major 有人攻击");
    expect(last("it-centre-group", "wang.wu").text).toMatch(/未知的事件类别「hacking」[\s\S]*intrusion\/黑客攻击/);
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion huge 有人攻击");
    expect(last("it-centre-group", "wang.wu").text).toContain("未知的事件级别「huge」");
    expect(await prisma().incident.count()).toBe(0);
  });

  it("freezes the group's recent messages and the replied-to message as append-only evidence", async () => {
    const old = await t.chat.asUserSay("feng.er", "it-centre-group", "服务器日志里有陌生 IP 登录");
    await t.clock.advance(hours(2));
    await t.chat.asUserSay("feng.er", "it-centre-group", "首页被换成了别的图片");
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report site_defacement major 官网首页被篡改", {
      replyTo: old.messageId,
    });
    const evidence = await prisma().evidence.findMany({ orderBy: { kind: "asc" } });
    expect(evidence.map((e) => [e.kind, (e.content as { text?: string }).text ?? null])).toEqual([
      ["message", "首页被换成了别的图片"],
      ["replied_message", "服务器日志里有陌生 IP 登录"],
      ["report", null],
    ]);
    for (const e of evidence) expect(e.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      prisma().evidence.update({ where: { id: evidence[0]!.id }, data: { kind: "tampered" } }),
    ).rejects.toThrow(/append-only/);
  });

  it("opens incidents for other features (moderation) with the flagged message as evidence", async () => {
    await t.chat.asUserSay("zheng.yi", "cs-students", "一条涉嫌违法的消息");
    const stored = await prisma().storedMessage.findFirstOrThrow({ where: { text: "一条涉嫌违法的消息" } });
    const opened = await openIncident(t.app.context, {
      category: "harmful_content",
      severity: "major",
      unitId: "computer-dept",
      description: "自动上报",
      reporter: { system: true },
      sourceGroupId: "cs-students",
      evidenceMessageIds: [stored.id],
      collectRecent: false,
      via: "moderation",
    });
    expect(opened.number).toBe("INC-2026-0001");
    const ev = await prisma().evidence.findMany({ where: { incidentId: opened.id, kind: "flagged_message" } });
    expect(ev.map((e) => e.messageId)).toEqual([stored.id]);
    // computer-dept has no security officer: the chain starts at its unit head, then walks up.
    expect(opened.deadlines.find((d) => d.key === "ack")?.ownerPersonIds).toEqual(["wu.shi"]);
  });

  it("shows status with countdowns, and keeps the frozen policy when the live one changes", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    // Editing the live policy afterwards must not change this case.
    const svc = incidentServiceOf(t.app.context);
    svc.policy.rules[0]!.ack!.windows!.unit_head = "1m";
    svc.policy.rules[1]!.ack!.windows!.unit_head = "1m";
    await t.clock.advance(minutes(16));
    await t.chat.asUserSay("li.si", "it-centre-group", "/incident inc-2026-1");
    const text = last("it-centre-group", "li.si").text;
    expect(text).toContain("事件 INC-2026-0001：黑客攻击（重大）");
    expect(text).toContain("• 确认收到 — 李四，截止 2026-03-02 09:45（剩余 29分钟）");
    expect(text).toContain("• 24小时内向县级以上公安机关报告 — 陈七，截止 2026-03-03 09:00（剩余 23小时44分钟）");
  });
});
