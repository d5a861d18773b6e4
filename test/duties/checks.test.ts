import { afterEach, describe, expect, it } from "vitest";
import { runDutiesReport } from "../../src/cli/duties-report.js";
import { onDutyFor } from "../../src/duties/index.js";
import type { TestApp } from "../support/test-app.js";
import { chatHelpers, hours, minutes, startDutiesApp } from "./helpers.js";

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

function capture() {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: {
        write: (s: string) => {
          out += s;
          return true;
        },
      } as unknown as NodeJS.WritableStream,
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
      } as unknown as NodeJS.WritableStream,
    },
    out: () => out,
    err: () => err,
  };
}

describe("scheduled checks over a week of rotation", { timeout: 120_000 }, () => {
  it("asks the person on duty, records the Monday check, escalates the missed Friday check, and reports it", async () => {
    t = await startDutiesApp();
    const { withButton, ref, texts } = chatHelpers(t);
    const prisma = t.app.context.db.prisma;

    await t.chat.asUserSay("li.si", "it-centre-group", "/duty");
    expect(texts("it-centre-group").at(-1)).toContain("网络管理中心当前值班：王五");

    // Monday 09:30: the machine-room check goes to wang.wu, who is on duty this week.
    await t.clock.advance(minutes(30));
    const monday = withButton("dm:wang.wu", "duty.done", "周一上午");
    expect(monday?.text).toContain("请于 2026-03-02 12:30 前完成");
    await t.clock.advance(minutes(40));
    await t.chat.asUserPress("wang.wu", ref(monday!), "duty.done", "供电空调正常，温度22℃");
    expect(t.chat.world.find(ref(monday!))?.text).toContain("王五 已于 2026-03-02 10:10 完成");

    // Wednesday 10:00 patching, done an hour after its 12:00 deadline: late, and escalated meanwhile.
    await t.clock.set("2026-03-04T02:00:00Z");
    const patching = withButton("dm:wang.wu", "duty.done", "补丁");
    expect(patching).toBeDefined();
    await t.clock.advance(hours(3));
    expect(texts("dm:li.si").some((s) => s.includes("「每周补丁与病毒库升级」应由 王五"))).toBe(true);
    await t.chat.asUserPress("wang.wu", ref(patching!), "duty.done", "补丁已装");
    expect(t.chat.world.find(ref(patching!))?.text).toContain("补做（已逾期）");

    // Friday 14:30: nobody answers; at 17:30 the unit head hears, at 21:30 the security office.
    await t.clock.set("2026-03-06T06:30:00Z");
    expect(withButton("dm:wang.wu", "duty.done", "周五下午")).toBeDefined();
    const before = texts("dm:li.si").length;
    await t.clock.advance(hours(3));
    expect(texts("dm:li.si").slice(before).join("\n")).toContain(
      "「机房例行检查（周五下午）」应由 王五 于 2026-03-06 17:30 前完成",
    );
    expect(texts("dm:chen.qi").some((s) => s.includes("周五下午"))).toBe(false);
    await t.clock.advance(hours(4));
    expect(texts("dm:chen.qi").some((s) => s.includes("「机房例行检查（周五下午）」"))).toBe(true);

    const friday = await prisma.dutyTask.findFirstOrThrow({ where: { dutyId: "machine_room_friday" } });
    expect(friday).toMatchObject({
      state: "missed",
      ownerPersonId: "wang.wu",
      escalationLevel: 2,
      nextEscalationAt: null,
    });
    const trail = (await t.app.context.audit.history("duty", friday.id)).map((a) => [a.action, a.data.role ?? null]);
    expect(trail).toEqual([
      ["duty.assigned", null],
      ["duty.missed", "unit_head"],
      ["duty.escalated", "security_office"],
    ]);

    // The rotation moves on: next week feng.er is on duty.
    expect(await onDutyFor(t.app.context, "it-centre", new Date("2026-03-09T02:00:00Z"))).toBe("feng.er");

    const c = capture();
    const code = await runDutiesReport(["--from", "2026-03-02", "--to", "2026-03-08", "--unit", "it-centre"], c.io, {
      prisma,
    });
    expect(code).toBe(0);
    const rows = Object.fromEntries(
      c
        .out()
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(/\s+/))
        .map(([, duty, ...n]) => [duty, n.map(Number)]),
    );
    expect(rows).toEqual({
      machine_room_friday: [0, 0, 1, 0],
      machine_room_monday: [1, 0, 0, 0],
      patching: [0, 1, 0, 0],
      "(total)": [1, 1, 1, 0],
    });
    expect(await t.app.context.audit.verify()).toMatchObject({ ok: true });
  });

  it("opens an incident when the owner reports a problem found in a check", async () => {
    t = await startDutiesApp();
    const { withButton, ref } = chatHelpers(t);
    await t.clock.advance(minutes(30));
    const monday = withButton("dm:wang.wu", "duty.problem", "周一上午");
    await t.chat.asUserPress("wang.wu", ref(monday!), "duty.problem", "空调漏水，机房湿度85%");
    const task = await t.app.context.db.prisma.dutyTask.findFirstOrThrow({ where: { dutyId: "machine_room_monday" } });
    expect(task.state).toBe("problem");
    const inc = await t.app.context.db.prisma.incident.findUniqueOrThrow({ where: { id: task.incidentId! } });
    expect(inc).toMatchObject({ category: "equipment_failure", unitId: "it-centre", reporterPersonId: "wang.wu" });
    expect(inc.description).toContain("空调漏水");
    expect(t.chat.world.find(ref(monday!))?.text).toContain(`已登记事件 ${inc.number}`);
  });

  it("skips a holiday and refuses a press by someone outside the duty's chain", async () => {
    t = await startDutiesApp();
    const { withButton, ref } = chatHelpers(t);
    // 2026-03-11 (Wednesday) is a holiday in the test policy: no patching request that day.
    await t.clock.set("2026-03-11T06:00:00Z");
    const patching = await t.app.context.db.prisma.dutyTask.findMany({ where: { dutyId: "patching" } });
    expect(patching.map((p) => p.scheduledAt.toISOString())).toEqual(["2026-03-04T02:00:00.000Z"]);
    const open = withButton("dm:wang.wu", "duty.done", "补丁")!;
    await t.chat.asUserPress("zheng.yi", ref(open), "duty.done", "我来");
    // zheng.yi is refused, and the task stays as it was.
    expect(t.chat.world.messages.some((m) => m.text.includes("只有该职责的负责人或其上级可以处理"))).toBe(true);
    const task = await t.app.context.db.prisma.dutyTask.findFirstOrThrow({ where: { dutyId: "patching" } });
    expect(task.doneBy).toBeNull();
  });
});

describe("duty swaps", { timeout: 120_000 }, () => {
  it("takes effect only once the other person accepts", async () => {
    t = await startDutiesApp();
    const { withButton, ref, texts } = chatHelpers(t);
    const wed = new Date("2026-03-04T04:00:00Z");
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/duty swap feng.er 2026-03-04");
    expect(await onDutyFor(t.app.context, "it-centre", wed)).toBe("wang.wu");
    const ask = withButton("dm:feng.er", "duty.swap.accept")!;
    expect(ask.text).toContain("王五 请你代替其于 2026-03-04");
    await t.chat.asUserPress("feng.er", ref(ask), "duty.swap.accept");
    expect(await onDutyFor(t.app.context, "it-centre", wed)).toBe("feng.er");
    expect(await onDutyFor(t.app.context, "it-centre", new Date("2026-03-05T04:00:00Z"))).toBe("wang.wu");
    expect(texts("dm:wang.wu").at(-1)).toContain("换班已生效");
    // Someone not on duty that day cannot offer it.
    await t.chat.asUserSay("zheng.yi", "it-centre-group", "/duty swap feng.er 2026-03-04");
    expect(texts("it-centre-group", "zheng.yi").at(-1)).toContain("不在任何值班表上值班");
  });
});
