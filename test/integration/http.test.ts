import { afterEach, describe, expect, it } from "vitest";
import { createLocalAdapter } from "../../adapters/local/local-adapter.js";
import { type App, startApp } from "../../src/app/app.js";
import { shippedFeatures } from "../../src/app/features.js";
import { configSchema } from "../../src/config/schema.js";
import { FakeClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import { freshDatabase } from "../support/databases.js";
import { testRedis } from "../support/redis.js";

describe("the app over HTTP with the local chat", () => {
  let app: App | undefined;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await app?.stop();
    for (const c of cleanup.splice(0)) await c();
  });

  it("serves health, readiness and the local chat, and answers commands typed there", async () => {
    const db = await freshDatabase("pglite");
    const redis = await testRedis();
    cleanup.push(
      () => db.close(),
      () => redis.close(),
    );
    const clock = new FakeClock();
    await importOrg(db.prisma, readOrgFile("examples/org.yaml"), { clock });
    const config = configSchema.parse({ port: 0, logLevel: "silent" });
    app = await startApp({
      config,
      clock,
      logger: silentLogger,
      db,
      redis,
      features: shippedFeatures(),
      adapters: (ctx) => [
        createLocalAdapter({
          roster: async () => ({
            people: (await ctx.db.prisma.person.findMany({ orderBy: { id: "asc" } })).map((p) => ({
              id: p.id,
              name: p.name,
            })),
            groups: [],
          }),
        }),
      ],
    });
    const base = app.url!;
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies
    const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
    expect(await json(fetch(`${base}/healthz`))).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await json(ready)).checks).toMatchObject({
      database: { ok: true },
      redis: { ok: true },
      "adapter:local": { ok: true },
    });
    const page = await fetch(`${base}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Watchkeeper");
    const roster = await json(fetch(`${base}/local/api/roster`));
    expect(roster.people.map((p: { id: string }) => p.id)).toContain("wang.wu");

    const say = await fetch(`${base}/local/api/say`, {
      method: "POST",
      body: JSON.stringify({ person: "wang.wu", channel: "it-centre-group", text: "/whoami" }),
    });
    expect(say.status).toBe(200);
    const { messages } = await json(fetch(`${base}/local/api/messages?person=wang.wu&channel=it-centre-group`));
    expect(messages.at(-1)).toMatchObject({
      fromBot: true,
      private: true,
      text: expect.stringContaining("security_officer@it-centre"),
    });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: "DELETE" })).status).toBe(405);

    await app.stop();
    app = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
