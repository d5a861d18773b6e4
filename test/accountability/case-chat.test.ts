import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAssessmentReport } from "../../src/cli/assessment.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const minutes = (n: number) => n * 60_000;
const days = (n: number) => n * 86_400_000;
const INC = "INC-2026-0001";

describe("the accountability case in the chat (篇五 第十四–十九条)", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ start: "2026-03-02T01:00:00Z" });
  });
  afterEach(async () => {
    await t.stop();
  });
  const prisma = () => t.app.context.db.prisma;
  const say = async (who: string, text: string) => {
    await t.chat.asUserSay(who, "it-centre-group", text);
    return t.chat.world.visible("it-centre-group", who).at(-1)!.text;
  };
  const withButton = (channel: string, actionId: string) =>
    [...t.chat.world.visible(channel)].reverse().find((m) => m.buttons.flat().some((b) => b.actionId === actionId))!;
  const press = async (who: string, channel: string, actionId: string, input?: string) => {
    const msg = withButton(channel, actionId);
    expect(msg, `${actionId} in ${channel}`).toBeTruthy();
    await t.chat.asUserPress(who, { platform: "memory", channelId: msg.channelId, messageId: msg.id }, actionId, input);
    return t.chat.world.visible(msg.channelId, who).at(-1)!.text;
  };
  const audits = async (action: string) =>
    (await prisma().auditEntry.findMany({ where: { action }, orderBy: { seq: "asc" } })).map((a) => ({
      actor: a.actor,
      data: a.data as Record<string, unknown>,
    }));
  const caseRow = () => prisma().accountabilityCase.findUniqueOrThrow({ where: { number: INC } });
  const allYes = { factsClear: "yes", evidenceSufficient: "yes", natureCorrect: "yes", responsibilityClear: "yes" };

  /** A major intrusion nobody at the first level acknowledges in time, then a case with a named subject. */
  async function caseUnderReview(): Promise<void> {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await t.clock.advance(minutes(16)); // wang.wu lets the 15-minute acknowledgement window pass
    await press("li.si", "dm:li.si", "incident.ack");
    const opened = await say("chen.qi", `/case open ${INC}`);
    expect(opened).toContain("已对事件 INC-2026-0001 立案追究责任");
    expect(opened).toContain("调查人：陈七、李四");
    // Read from the record: wang.wu missed the acknowledgement deadline.
    expect(opened).toContain("依据事件记录（未按时确认或上报）列出的责任主体：王五");
    expect(withButton("dm:li.si", "case.report").text).toContain("您是调查人");
    expect(await say("li.si", `/case finding ${INC} 网站后台补丁三个月未更新`)).toContain("共 1 条");
    expect(
      await say("li.si", `/case subject ${INC} feng.er rules_not_implemented impact=none 未按规定打补丁`),
    ).toContain("#2：冯二（网络管理中心）。建议范围：书面检查 / 通报批评（篇五 第八条（三））");
    expect(await press("li.si", "dm:li.si", "case.report", "补丁未更新导致网页被篡改，王五未按时确认")).toContain(
      "交 张三、赵六 审核",
    );
  }

  it("runs a case from report to closed, with decision, implementation and a notice draft", async () => {
    await caseUnderReview();
    const request = withButton("dm:zhang.san", "case.review");
    expect(request.text).toContain(
      "#1 王五（网络管理中心）：事件未按要求上报（未报或迟报）（据事件记录）；建议范围：书面检查 / 通报批评（篇五 第八条（一））",
    );
    await press("zhang.san", "dm:zhang.san", "case.review");
    expect(t.chat.world.forms.at(-1)!.spec.fields.map((f) => f.id)).toContain("responsibilityClear");
    await t.chat.asUserSubmitForm("zhang.san", allYes);
    expect((await caseRow()).state).toBe("awaiting_decision");
    expect([...t.chat.world.visible("dm:chen.qi")].at(-1)!.text).toContain("请作出责任追究决定");

    expect(await say("chen.qi", `/case decide ${INC} 1 written_self_criticism`)).toContain("已决定");
    // Outside the range only with a written reason, which is recorded.
    expect(await say("chen.qi", `/case decide ${INC} 2 criticism_education`)).toContain("不在建议范围");
    expect(await say("chen.qi", `/case decide ${INC} 2 criticism_education 已主动整改且为初犯`)).toContain(
      "全部责任主体已决定",
    );
    expect((await audits("case.subject_decided")).at(-1)!.data).toMatchObject({
      seq: 2,
      outsideRange: true,
      reason: "已主动整改且为初犯",
    });
    expect(await press("chen.qi", "dm:chen.qi", "case.implement", "已责令书面检查并存档")).toContain("已记录事件");
    expect(await say("chen.qi", `/case notice ${INC}`)).toMatch(
      /通报（草稿）[\s\S]*1\. 王五（网络管理中心）：事件未按要求上报[\s\S]*给予书面检查/,
    );
    expect(await say("chen.qi", `/case close ${INC}`)).toContain("已结案");
    const c = await caseRow();
    expect(c.state).toBe("closed");
    const inc = await prisma().incident.findUniqueOrThrow({ where: { number: INC } });
    const steps = await prisma().deadline.findMany({
      where: { incidentId: inc.id, dutyId: { startsWith: "case_" } },
      orderBy: { createdAt: "asc" },
    });
    expect(steps.map((s) => [s.dutyId, s.state])).toEqual([
      ["case_investigation", "met"],
      ["case_review", "met"],
      ["case_decision", "met"],
      ["case_implementation", "met"],
    ]);
    // The incident closes with its case; nothing is left open on it.
    expect(inc.state).toBe("closed");
    expect(await prisma().deadline.count({ where: { incidentId: inc.id, state: "open" } })).toBe(0);
    expect(await t.app.context.audit.verify()).toMatchObject({ ok: true });
  });

  it("sends a report that fails a point back to the investigators", async () => {
    await caseUnderReview();
    expect(await say("zhao.liu", `/case review ${INC} 是 是 是 否 未说明王五与李四的责任划分`)).toContain("审核未通过");
    expect(withButton("dm:li.si", "case.report").text).toContain("责任划分是否明确：未说明王五与李四的责任划分");
    expect((await caseRow()).state).toBe("investigating");
    const reviews = await prisma().caseReview.findMany();
    expect(reviews.map((r) => [r.round, r.passed, r.reviewerId])).toEqual([[1, false, "zhao.liu"]]);
    // A fresh investigation deadline, and the report can be submitted again.
    expect(await say("li.si", `/case report ${INC} 补充：王五负直接责任，冯二负操作责任`)).toContain("审核");
    expect((await caseRow()).state).toBe("under_review");
  });

  it("escalates a missed investigation deadline up the incident's chain", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await say("chen.qi", `/case open ${INC}`);
    await t.clock.advance(days(15) + minutes(1));
    const inc = await prisma().incident.findUniqueOrThrow({ where: { number: INC } });
    const rows = await prisma().deadline.findMany({
      where: { incidentId: inc.id, dutyId: "case_investigation" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.state, r.ownerPersonIds])).toEqual([
      ["missed", ["chen.qi", "li.si"]],
      ["open", ["zhang.san", "zhao.liu"]],
    ]);
  });

  it("completes a case step only by doing it, never by the incident's generic done", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await say("chen.qi", `/case open ${INC}`);
    await t.clock.advance(days(15) + minutes(1));
    // The escalation of the missed investigation step offers no "done" button…
    const escalation = [...t.chat.world.visible("dm:zhang.san")]
      .reverse()
      .find((m) => m.text.includes(INC) && m.buttons.flat().some((b) => b.actionId === "incident.escalate"));
    expect(escalation?.buttons.flat().map((b) => b.actionId)).not.toContain("incident.done");
    // …and /done on it is refused with a pointer to /case.
    expect(await say("zhang.san", `/done ${INC} case_investigation 已完成`)).toContain("/case");
    const inc = await prisma().incident.findUniqueOrThrow({ where: { number: INC } });
    const open = await prisma().deadline.findFirst({
      where: { incidentId: inc.id, dutyId: "case_investigation", state: "open" },
    });
    expect(open).not.toBeNull();
  });

  it("refuses to close without a passed review, audits it and tells the superior", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await say("chen.qi", `/case open ${INC}`);
    expect(await say("chen.qi", `/case close ${INC}`)).toContain("篇五 第十一条");
    expect((await caseRow()).state).toBe("investigating");
    expect(await audits("case.close.refused")).toEqual([
      {
        actor: "chen.qi",
        data: expect.objectContaining({ reason: "review_not_passed", told: ["zhang.san", "zhao.liu"] }),
      },
    ]);
    expect(t.chat.world.visible("dm:zhao.liu").at(-1)!.text).toContain(
      "陈七 试图在调查报告未经审核通过时结案事件 INC-2026-0001",
    );
  });

  it("refuses and audits a decision by someone without authority", async () => {
    await caseUnderReview();
    await say("zhang.san", `/case review ${INC} 是 是 是 是`);
    expect(await say("feng.er", `/case decide ${INC} 1 criticism_education`)).toContain("您无权作出该项责任追究决定");
    expect(await audits("case.decide.refused")).toEqual([
      { actor: "feng.er", data: expect.objectContaining({ seq: 1, sanction: "criticism_education" }) },
    ]);
    expect((await prisma().caseSubject.findFirstOrThrow({ where: { seq: 1 } })).state).toBe("pending");
  });

  it("holds a severe sanction until every party of the joint decision approves", async () => {
    await caseUnderReview();
    expect(await say("li.si", `/case review ${INC}`)).toContain("您无权审核调查报告");
    // The report is under review, so naming more subjects waits until it comes back.
    expect(await say("chen.qi", `/case subject ${INC} wang.wu concealment 隐瞒被篡改的事实`)).toContain("报告待审核");
    expect(await say("zhao.liu", `/case review ${INC} 是 是 是 否 漏列隐瞒行为`)).toContain("审核未通过");
    expect(await say("li.si", `/case subject ${INC} wang.wu concealment 隐瞒被篡改的事实`)).toContain(
      "严肃处理 / 报警处理（篇五 第十条（一））",
    );
    await say("li.si", `/case report ${INC} 王五刻意隐瞒`);
    await say("zhao.liu", `/case review ${INC} 是 是 是 是`);
    expect(await say("chen.qi", `/case decide ${INC} 1 written_self_criticism`)).toContain("已决定");
    expect(await say("chen.qi", `/case decide ${INC} 2 written_self_criticism`)).toContain("已决定");
    expect(await say("chen.qi", `/case decide ${INC} 3 severe_handling`)).toContain(
      "已请 人事部门、主管部门、网络安全领导小组 审批",
    );
    expect((await caseRow()).state).toBe("awaiting_approval");
    // li.si answers for the competent department; he may not answer for HR.
    expect(await press("li.si", "dm:sun.ba", "case.approve")).toContain("您无权审批该项决定");
    expect(await press("sun.ba", "dm:sun.ba", "case.approve")).toContain("仍待其他方审批");
    expect(await press("li.si", "dm:li.si", "case.approve")).toContain("仍待其他方审批");
    expect((await caseRow()).state).toBe("awaiting_approval");
    expect(await say("chen.qi", `/case close ${INC}`)).toContain("尚未作出或落实");
    expect(await press("zhao.liu", "dm:zhao.liu", "case.approve")).toContain("已获全部审批");
    const c = await caseRow();
    expect(c.state).toBe("decided");
    const approvals = await prisma().caseApproval.findMany({ orderBy: { party: "asc" } });
    expect(approvals.map((a) => [a.party, a.state, a.decidedBy])).toEqual([
      ["competent_department", "approved", "li.si"],
      ["hr", "approved", "sun.ba"],
      ["leadership_group", "approved", "zhao.liu"],
    ]);
  });

  it("lowers the proposed range for admission and removes liability for force majeure (第十二–十三条)", async () => {
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await say("chen.qi", `/case open ${INC}`);
    await say("li.si", `/case subject ${INC} feng.er rules_not_implemented impact=none`);
    expect(await say("li.si", `/case mitigate ${INC} 1 admission 当天主动说明并修补`)).toContain(
      "建议范围：批评教育 / 书面检查（篇五 第八条（三）、篇五 第十三条）",
    );
    expect(await say("li.si", `/case mitigate ${INC} 1 force_majeure 机房断电`)).toContain(
      "不追究责任（篇五 第十二条（一））",
    );
  });

  it("reports the year's figures for the annual assessment, as Markdown and CSV", async () => {
    await caseUnderReview();
    await say("zhang.san", `/case review ${INC} 是 是 是 是`);
    await say("chen.qi", `/case decide ${INC} 1 written_self_criticism`);
    await say("chen.qi", `/case decide ${INC} 2 circulated_criticism`);
    const db = t.app.context.db;
    const open = async () => ({ ...db, close: async () => {} });
    const run = async (args: string[]) => {
      let out = "";
      const stdout = {
        write: (s: string) => {
          out += s;
          return true;
        },
      } as unknown as NodeJS.WritableStream;
      const code = await runAssessmentReport(args, { stdout, stderr: stdout }, open);
      return { code, out };
    };
    const csv = await run(["--year", "2026", "--format", "csv"]);
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split("\n");
    expect(lines[0]).toBe(
      "kind,id,name,unit,incidents,incident_numbers,conducts,criticism_education,written_self_criticism,circulated_criticism,general_handling,severe_handling,police_referral,none,no_liability,pending",
    );
    expect(lines.slice(1)).toEqual([
      "unit,it-centre,网络管理中心,it-centre,1,INC-2026-0001,late_report×1; rules_not_implemented×1,0,1,1,0,0,0,0,0,0",
      "person,feng.er,冯二,it-centre,1,INC-2026-0001,rules_not_implemented×1,0,0,1,0,0,0,0,0,0",
      "person,wang.wu,王五,it-centre,1,INC-2026-0001,late_report×1,0,1,0,0,0,0,0,0,0",
    ]);
    const md = await run(["--year", "2026", "--unit", "school"]);
    expect(md.out).toContain("# 年度考核：网络安全责任追究 2026（school）");
    expect(md.out).toContain("| wang.wu | 王五 | it-centre | 1 (INC-2026-0001) | late_report×1 | 0 | 1 | 0 |");
    expect((await run(["--year", "2025", "--format", "csv"])).out.trim().split("\n")).toHaveLength(1);
    expect((await run(["--unit", "x"])).code).toBe(2);
  });
});
