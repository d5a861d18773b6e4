// The dashboard in a real browser (Debian chromium driven by playwright-core) against a real app.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage as openPage, shots, signInByDm as signIn } from "./browser-helpers.js";
import { type DashboardApp, seedActivity, startDashboardApp } from "./dashboard-app.js";

let d: DashboardApp;
let browser: Browser;

beforeAll(async () => {
  d = await startDashboardApp();
  await seedActivity(d.app, d.clock.now());
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await d?.stop();
});

const newPage = () => openPage(browser);

/** Visiting the dashboard signed out lands on the login page; then sign in by the DM'd link. */
async function signInByDm(page: Page, personId: string): Promise<void> {
  await page.goto(`${d.url}/dashboard`);
  await page.waitForURL(/\/dashboard\/login/);
  await signIn(d, page, personId);
}

describe("the dashboard in a browser", () => {
  it("signs in by a DM'd one-time link, shows the home page and the org directory, switches to English and signs out", async () => {
    const { context, page } = await newPage();
    await page.goto(`${d.url}/dashboard/login`);
    await page.screenshot({ path: `${shots}login.png`, fullPage: true });
    await signInByDm(page, "chen.qi");

    // Home: counts across every unit (security office), the chart and the deadline countdowns.
    await expect(page.locator("h1").textContent()).resolves.toBe("概览");
    await expect(page.locator("#count-people .n").textContent()).resolves.toBe("10");
    await expect(page.locator("#count-groups .n").textContent()).resolves.toBe("4");
    await expect(page.locator("#count-messages .n").textContent()).resolves.toBe("2");
    await expect(page.locator("#count-incidents .n").textContent()).resolves.toBe("1");
    await expect(page.locator("#count-deadlines .n").textContent()).resolves.toBe("2");
    expect(await page.locator("#messages-chart svg .bar").count()).toBe(14);
    await expect(page.locator("#deadlines tbody tr").count()).resolves.toBe(2);
    await expect(page.locator("#deadlines time.overdue").textContent()).resolves.toBe("已超时 30分");
    await expect(page.locator("#deadlines tbody tr").nth(1).locator("time").textContent()).resolves.toBe(
      "剩余 3小时 20分",
    );
    await page.screenshot({ path: `${shots}home.png`, fullPage: true });

    await page.click("nav >> text=组织架构");
    await page.waitForURL(`${d.url}/dashboard/org`);
    await expect(page.locator("#people tbody tr").count()).resolves.toBe(10);
    await expect(page.locator("#groups tbody tr").count()).resolves.toBe(4);
    await expect(page.locator('#groups tr[data-group="it-centre-group"]').textContent()).resolves.toContain(
      "telegram: -1001234567890",
    );
    expect(await page.locator("#import-form").count()).toBe(1);
    await page.screenshot({ path: `${shots}org.png`, fullPage: true });

    await page.click("#lang-switch");
    await page.waitForURL(/lang=en/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Organisation");
    // The choice sticks for the next pages.
    await page.click("nav >> text=Overview");
    await page.waitForURL(`${d.url}/dashboard`);
    await expect(page.locator("#deadlines time.overdue").textContent()).resolves.toBe("overdue by 30m");
    await page.screenshot({ path: `${shots}home-en.png`, fullPage: true });

    await page.click("#logout");
    await page.waitForURL(/\/dashboard\/login/);
    await page.goto(`${d.url}/dashboard/org`);
    await page.waitForURL(/\/dashboard\/login\?next=%2Fdashboard%2Forg/);
    await context.close();
  }, 120_000);

  it("limits a unit's security officer to their unit, and the server refuses another unit's URL", async () => {
    const { context, page } = await newPage();
    await signInByDm(page, "wang.wu");
    await expect(page.locator("#scope").textContent()).resolves.toBe("范围：网络管理中心");
    await expect(page.locator("#count-incidents .n").textContent()).resolves.toBe("0");
    await page.goto(`${d.url}/dashboard/org`);
    const people = await page
      .locator("#people tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-person")));
    expect(people.sort()).toEqual(["feng.er", "li.si", "wang.wu"]);
    await expect(page.locator('#units li[data-unit="academic-affairs"]').textContent()).resolves.toContain(
      "无权查看详情",
    );
    expect(await page.locator("#import-form").count()).toBe(0);
    await page.screenshot({ path: `${shots}org-unit-scoped.png`, fullPage: true });

    const unit = await page.goto(`${d.url}/dashboard/org/units/academic-affairs`);
    expect(unit?.status()).toBe(403);
    await page.locator("#forbidden").waitFor();
    expect(await page.content()).not.toContain("孙八");
    await page.screenshot({ path: `${shots}forbidden.png`, fullPage: true });
    const person = await page.goto(`${d.url}/dashboard/org/people/sun.ba`);
    expect(person?.status()).toBe(403);
    const own = await page.goto(`${d.url}/dashboard/org/units/it-centre`);
    expect(own?.status()).toBe(200);
    await expect(page.locator("#unit-people").textContent()).resolves.toContain("冯二");
    await context.close();
  }, 120_000);

  it("refuses a signed-in POST without the CSRF token", async () => {
    const { context, page } = await newPage();
    await signInByDm(page, "zhang.san");
    // A form built in the page without the hidden csrf field, as another site's form would be.
    const response = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/dashboard/org/import")),
      // A string, so the test compiles without DOM types.
      page.evaluate(`(() => {
        const f = document.createElement("form");
        f.method = "post";
        f.action = "/dashboard/org/import";
        const t = document.createElement("textarea");
        t.name = "yaml";
        t.value = "units: []";
        f.append(t);
        document.body.append(f);
        f.submit();
      })()`),
    ]);
    expect(response[0].status()).toBe(403);
    await page.locator("#csrf-failed").waitFor();
    await context.close();
  }, 120_000);
});
