// Shared by the browser test files: one Chromium per file, sign-in through the memory chat's DM.
import { mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { type DashboardApp, lastLinkSentTo } from "./dashboard-app.js";

export const shots = new URL("../../test-output/screenshots/", import.meta.url).pathname;
export const timeout = 30_000;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(timeout);
  return { context, page: await context.newPage() };
}

/** Asks for a link on the login page, reads the bot's DM in the memory chat, and follows it. */
export async function signInByDm(d: DashboardApp, page: Page, personId: string): Promise<void> {
  await page.goto(`${d.url}/dashboard/login`);
  await page.fill("#link-person", personId);
  await page.click("#link-form button[type=submit]");
  await page.locator("#link-sent").waitFor();
  const link = lastLinkSentTo(d.chat, personId);
  expect(link).toBeDefined();
  await page.goto(link!);
  await page.click("#confirm");
  await page.waitForURL(`${d.url}/dashboard`);
}
