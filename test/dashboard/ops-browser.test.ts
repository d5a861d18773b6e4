// The operations pages (incidents, moderation review, duties, charts) in a real browser against a whole app.
import { writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedFeatures } from "../../src/app/features.js";
import { openIncident } from "../../src/incidents/index.js";
import { launchBrowser, newPage, shots, signInByDm } from "./browser-helpers.js";
import { type DashboardApp, startDashboardApp } from "./dashboard-app.js";

const gamblingAd = "兄弟们 赌@博 充值返水 下注链接私聊我";

let d: DashboardApp;
let browser: Browser;

beforeAll(async () => {
  d = await startDashboardApp({ features: shippedFeatures() });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await d?.stop();
});

const prisma = () => d.app.context.db.prisma;

describe("the operations pages in a browser", () => {
  it("shows a reported incident's countdown, refuses an operator's acknowledgement, and takes the security officer's", async () => {
    // feng.er (an operator) reports in the IT centre's group; another unit's incident exists too.
    await d.chat.asUserSay("feng.er", "it-centre-group", "/report intrusion major 官网被篡改");
    const other = await openIncident(d.app.context, {
      category: "malware_infection",
      severity: "serious",
      unitId: "academic-affairs",
      description: "教务处办公电脑中毒",
      reporter: { personId: "zhou.jiu" },
    });
    const inc = await prisma().incident.findFirstOrThrow({ where: { unitId: "it-centre" } });

    const officer = await newPage(browser);
    await signInByDm(d, officer.page, "wang.wu");
    await officer.page.click("nav >> text=安全事件");
    await officer.page.waitForURL(`${d.url}/dashboard/incidents`);
    const listed = await officer.page
      .locator("#incidents tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident")));
    expect(listed).toEqual([inc.number]);
    await officer.page.screenshot({ path: `${shots}incidents.png`, fullPage: true });
    // Another unit's incident: not listed, and its URL is refused on the server.
    const refused = await officer.page.goto(`${d.url}/dashboard/incidents/${other.number}`);
    expect(refused?.status()).toBe(403);
    expect(await officer.page.content()).not.toContain("教务处办公电脑中毒");

    await officer.page.goto(`${d.url}/dashboard/incidents/${inc.number}`);
    const ackRow = officer.page.locator('#open-deadlines tr[data-key="ack"]');
    await expect(ackRow.locator("time").textContent()).resolves.toBe("剩余 15分");
    await expect(ackRow.textContent()).resolves.toContain("王五");
    expect(await officer.page.locator("#timeline li.ev-evidence code.hash").count()).toBeGreaterThan(0);
    await officer.page.screenshot({ path: `${shots}incident.png`, fullPage: true });

    // The operator who reported it sees it, but may not acknowledge: refused, shown and audited.
    const operator = await newPage(browser);
    await signInByDm(d, operator.page, "feng.er");
    await operator.page.goto(`${d.url}/dashboard/incidents/${inc.number}`);
    const [refusal] = await Promise.all([
      operator.page.waitForResponse((r) => r.url().endsWith("/ack")),
      operator.page.click("#ack"),
    ]);
    expect(refusal.status()).toBe(403);
    await expect(operator.page.locator('#outcome[data-refused="yes"]').textContent()).resolves.toContain(inc.number);
    await operator.page.screenshot({ path: `${shots}incident-refused.png`, fullPage: true });
    const history = await d.app.context.audit.history("incident", inc.id);
    expect(history.filter((a) => a.action === "ack.refused").map((a) => a.actor)).toEqual(["feng.er"]);
    await operator.context.close();

    // The deadline's owner acknowledges from the dashboard, as in chat.
    await officer.page.click("#ack");
    await officer.page.locator("#acknowledged").waitFor();
    await expect(officer.page.locator("#incident-state").textContent()).resolves.toBe("已确认");
    const acked = await prisma().incident.findUniqueOrThrow({
      where: { id: inc.id },
      include: { acknowledgements: true },
    });
    expect(acked.acknowledgedBy).toBe("wang.wu");
    expect(acked.acknowledgements.map((a) => a.via)).toEqual(["dashboard"]);
    expect(await officer.page.locator('#open-deadlines tr[data-key="ack"]').count()).toBe(0);

    // Duty done, with its proof, lands in the timeline.
    await officer.page.selectOption("#done-duty", "preserve_logs");
    await officer.page.fill("#done-proof", "日志已备份至 <NAS-01>");
    await officer.page.click("#done");
    await officer.page.locator("#outcome").waitFor();
    await expect(officer.page.locator("#timeline").textContent()).resolves.toContain("证明：日志已备份至 <NAS-01>");
    const duty = await prisma().deadline.findFirstOrThrow({ where: { incidentId: inc.id, dutyId: "preserve_logs" } });
    expect(duty).toMatchObject({ state: "met", closedBy: "wang.wu" });
    await officer.page.screenshot({ path: `${shots}incident-acknowledged.png`, fullPage: true });

    // Filters narrow within the scope; another unit's id in the query is ignored, never widening it.
    await officer.page.goto(`${d.url}/dashboard/incidents?state=acknowledged&unit=academic-affairs`);
    await expect(officer.page.locator("#incidents tbody tr").count()).resolves.toBe(1);
    await officer.page.goto(`${d.url}/dashboard/incidents?state=open`);
    await officer.page.locator("p#incidents").waitFor();
    await officer.context.close();
  }, 120_000);

  it("restores a hidden message from the review queue: visible in the chat again, strike cleared", async () => {
    const ref = await d.chat.asUserSay("zheng.yi", "cs-students", gamblingAd);
    expect(d.chat.world.find(ref)?.hidden).toBe(true);
    const stored = await prisma().storedMessage.findFirstOrThrow({ where: { messageExternalId: ref.messageId } });
    expect(await prisma().moderationStrike.count({ where: { messageId: stored.id, clearedAt: null } })).toBe(1);

    // The IT centre's officer does not see the computer department's group.
    const outsider = await newPage(browser);
    await signInByDm(d, outsider.page, "wang.wu");
    await outsider.page.goto(`${d.url}/dashboard/moderation`);
    expect(await outsider.page.locator(`#queue tr[data-message="${stored.id}"]`).count()).toBe(0);
    await outsider.context.close();

    const { context, page } = await newPage(browser);
    await signInByDm(d, page, "wu.shi");
    await page.click("nav >> text=审核队列");
    await page.waitForURL(`${d.url}/dashboard/moderation`);
    const row = page.locator(`#queue tr[data-message="${stored.id}"]`);
    await expect(row.locator("mark.hit").first().textContent()).resolves.toBeTruthy();
    await expect(row.textContent()).resolves.toContain("赌博");
    await page.screenshot({ path: `${shots}moderation.png`, fullPage: true });
    await row.locator("button.restore").click();
    await page.locator("#review-result").waitFor();
    await expect(page.locator("#review-result").textContent()).resolves.toContain("已恢复");
    await expect(
      page.locator(`#queue tr[data-message="${stored.id}"] .strike`).getAttribute("data-cleared"),
    ).resolves.toBe("yes");
    await page.screenshot({ path: `${shots}moderation-restored.png`, fullPage: true });

    expect(d.chat.world.find(ref)?.hidden).toBe(false);
    expect(d.chat.world.visible("cs-students", "wu.shi").map((m) => m.text)).toContain(gamblingAd);
    const strike = await prisma().moderationStrike.findFirstOrThrow({ where: { messageId: stored.id } });
    expect(strike.clearedBy).toBe("review:wu.shi");
    expect((await d.app.context.audit.history("message", stored.id)).map((a) => a.action)).toContain(
      "moderation.review.restored",
    );
    await context.close();
  }, 120_000);

  it("shows this week's duty roster with checks kept, late and missed, and the charts", async () => {
    const at = (iso: string) => new Date(iso);
    await prisma().dutyTask.createMany({
      skipDuplicates: true,
      data: [
        { state: "done", late: false, scheduledAt: at("2026-03-02T02:00:00Z") },
        { state: "done", late: true, scheduledAt: at("2026-03-03T02:00:00Z") },
        { state: "missed", late: false, scheduledAt: at("2026-03-04T02:00:00Z") },
      ].map((t) => ({
        ...t,
        kind: "check",
        dutyId: "site_inspection",
        unitId: "it-centre",
        ownerPersonId: "wang.wu",
        dueAt: new Date(t.scheduledAt.getTime() + 8 * 3600_000),
        createdAt: t.scheduledAt,
      })),
    });
    const { context, page } = await newPage(browser);
    await signInByDm(d, page, "chen.qi");
    await page.click("nav >> text=值班日历");
    await page.waitForURL(`${d.url}/dashboard/duties`);
    await expect(page.locator("#week").textContent()).resolves.toBe("2026-03-02 至 2026-03-08");
    const it = page.locator('#duty-calendar tr[data-unit="it-centre"]');
    await expect(it.locator('td[data-day="2026-03-02"] .on-duty').textContent()).resolves.toBe("王五");
    await expect(it.locator('td[data-day="2026-03-04"] .t-missed').textContent()).resolves.toBe("未办 1");
    const inspection = page.locator('#duty-checks tr[data-unit="it-centre"][data-duty="site_inspection"]');
    await expect(inspection.locator(".n-kept").textContent()).resolves.toBe("1");
    await expect(inspection.locator(".n-late").textContent()).resolves.toBe("1");
    await expect(inspection.locator(".n-missed").textContent()).resolves.toBe("1");
    await page.screenshot({ path: `${shots}duties.png`, fullPage: true });
    await page.click("#next-week");
    await expect(page.locator("#week").textContent()).resolves.toBe("2026-03-09 至 2026-03-15");
    await expect(
      page.locator('#duty-calendar tr[data-unit="it-centre"] td[data-day="2026-03-09"] .on-duty').textContent(),
    ).resolves.toBe("冯二");

    await page.click("nav >> text=统计图表");
    await page.waitForURL(`${d.url}/dashboard/charts`);
    expect(await page.locator("#chart-incidents-month svg g.col").count()).toBe(12);
    await expect(page.locator("#chart-incidents-month svg g.col").last().getAttribute("data-total")).resolves.toBe("2");
    expect(await page.locator("#chart-moderation-category svg .bar").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}charts.png`, fullPage: true });
    await page.goto(`${d.url}/dashboard/charts?lang=en`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Charts");
    await page.screenshot({ path: `${shots}charts-en.png`, fullPage: true });
    for (const p of ["incidents", "moderation", "duties"]) {
      await page.goto(`${d.url}/dashboard/${p}`);
      await page.screenshot({ path: `${shots}${p}-en.png`, fullPage: true });
    }

    // Server render times, measured over the same session (median of 5 requests per page).
    const inc = await prisma().incident.findFirstOrThrow({ where: { unitId: "it-centre" } });
    const times: Record<string, number> = {};
    for (const p of ["", "/incidents", `/incidents/${inc.number}`, "/moderation", "/duties", "/charts"]) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const r = await context.request.get(`${d.url}/dashboard${p}`);
        expect(r.status()).toBe(200);
        await r.body();
        runs.push(performance.now() - started);
      }
      times[p || "/"] = Math.round(runs.sort((a, b) => a - b)[2]! * 10) / 10;
    }
    writeFileSync(
      new URL("../../test-output/dashboard-render-ms.json", import.meta.url),
      JSON.stringify(times, null, 2),
    );
    await context.close();
  }, 120_000);
});
