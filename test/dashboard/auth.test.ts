// Sign-in, sessions and CSRF over real HTTP (fetch), with the fake clock for link and session expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodedError } from "../../src/core/errors.js";
import { createLoginLink, setDashboardPassword } from "../../src/dashboard/index.js";
import { type DashboardApp, lastLinkSentTo, startDashboardApp } from "./dashboard-app.js";

let d: DashboardApp;
beforeAll(async () => {
  d = await startDashboardApp();
}, 60_000);
afterAll(async () => {
  await d?.stop();
});

/** A browser-like client: keeps cookies, never follows redirects by itself. */
function client() {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit & { form?: Record<string, string> } = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(`${d.url}${path}`, { ...init, headers, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, v] = pair!.split("=") as [string, string];
      if (/Max-Age=0/.test(c)) jar.delete(k);
      else jar.set(k, v);
    }
    return res;
  };
  return { jar, request };
}

async function preToken(c: ReturnType<typeof client>): Promise<string> {
  const page = await (await c.request("/dashboard/login")).text();
  return /name="pre" value="([^"]+)"/.exec(page)![1]!;
}

async function useLink(c: ReturnType<typeof client>, url: string) {
  const token = new URL(url).searchParams.get("token")!;
  return c.request("/dashboard/login/link", { method: "POST", form: { pre: await preToken(c), token } });
}

async function csrfOf(c: ReturnType<typeof client>): Promise<string> {
  const page = await (await c.request("/dashboard")).text();
  return /name="csrf" value="([^"]+)"/.exec(page)![1]!;
}

describe("dashboard sign-in", () => {
  it("sends a link by DM, which signs in once and sets a strict HttpOnly session cookie stored only hashed", async () => {
    const c = client();
    const sent = await c.request("/dashboard/login/send", {
      method: "POST",
      form: { pre: await preToken(c), personId: "li.si" },
    });
    expect(sent.status).toBe(303);
    const link = lastLinkSentTo(d.chat, "li.si")!;
    expect(link.startsWith(`${d.url}/dashboard/login/link?token=`)).toBe(true);
    // Opening the link (as a chat app's link preview would) does not use it up.
    expect((await fetch(link)).status).toBe(200);

    const signedIn = await useLink(c, link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/dashboard");
    const cookie = signedIn.headers.getSetCookie().find((h) => h.startsWith("wk_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // loopback plain HTTP
    const secret = c.jar.get("wk_session")!;
    const ids = await d.app.context.db.prisma.dashboardSession.findMany({ select: { id: true } });
    expect(ids.map((r) => r.id)).not.toContain(secret);
    expect((await c.request("/dashboard")).status).toBe(200);

    const again = await useLink(client(), link);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('id="link-invalid"');
  });

  it("answers the link form the same way for unknown people and sends them nothing", async () => {
    const c = client();
    const res = await c.request("/dashboard/login/send", {
      method: "POST",
      form: { pre: await preToken(c), personId: "nobody" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard/login?sent=1");
    expect(d.chat.world.visible("dm:nobody")).toEqual([]);
  });

  it("refuses a link after 15 minutes", async () => {
    const { url } = await createLoginLink(d.app.context, "sun.ba", { baseUrl: d.url });
    await d.clock.advance(15 * 60_000 + 1);
    expect((await useLink(client(), url)).status).toBe(400);
    await expect(createLoginLink(d.app.context, "nobody")).rejects.toBeInstanceOf(CodedError);
  });

  it("signs in with an administrator-set password and locks out after repeated failures", async () => {
    await expect(setDashboardPassword(d.app.context, "zhou.jiu", "short")).rejects.toThrow(/8 characters/);
    await setDashboardPassword(d.app.context, "zhou.jiu", "correct horse 42", "zhang.san");
    const c = client();
    const wrong = await c.request("/dashboard/login/password", {
      method: "POST",
      form: { pre: await preToken(c), personId: "zhou.jiu", password: "wrong one 1" },
    });
    expect(wrong.headers.get("location")).toBe("/dashboard/login?failed=1");
    const right = await c.request("/dashboard/login/password", {
      method: "POST",
      form: { pre: await preToken(c), personId: "zhou.jiu", password: "correct horse 42", next: "/dashboard/org" },
    });
    expect(right.headers.get("location")).toBe("/dashboard/org");
    // An operator and officer of one unit: the org page lists only that unit's people.
    const org = await (await c.request("/dashboard/org")).text();
    expect(org).toContain('data-person="sun.ba"');
    expect(org).not.toContain('data-person="wang.wu"');

    const attacker = client();
    for (let i = 0; i < 5; i++)
      await attacker.request("/dashboard/login/password", {
        method: "POST",
        form: { pre: await preToken(attacker), personId: "zhou.jiu", password: `guess ${i}x` },
      });
    const locked = await attacker.request("/dashboard/login/password", {
      method: "POST",
      form: { pre: await preToken(attacker), personId: "zhou.jiu", password: "correct horse 42" },
    });
    expect(locked.headers.get("location")).toBe("/dashboard/login?failed=1");
  });

  it("sends signed-out visitors to the login page and refuses their POSTs", async () => {
    const res = await fetch(`${d.url}/dashboard/org?x=1`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard/login?next=%2Fdashboard%2Forg%3Fx%3D1");
    const post = await fetch(`${d.url}/dashboard/org/import`, { method: "POST", redirect: "manual" });
    expect(post.status).toBe(403);
    // A pre-session form without its double-submit token is refused too.
    const bare = await fetch(`${d.url}/dashboard/login/send`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "personId=li.si",
    });
    expect(bare.status).toBe(403);
  });
});

describe("a signed-in session", () => {
  it("needs the session's CSRF token and our own origin on every POST", async () => {
    const c = client();
    await useLink(c, (await createLoginLink(d.app.context, "chen.qi", { baseUrl: d.url })).url);
    const csrf = await csrfOf(c);
    const yaml = "units:\n  - { id: school, name: 某某学校 }\npeople: []\ngroups: []\n";
    expect((await c.request("/dashboard/org/import", { method: "POST", form: { yaml } })).status).toBe(403);
    expect(
      (await c.request("/dashboard/org/import", { method: "POST", form: { yaml, csrf: "x".repeat(43) } })).status,
    ).toBe(403);
    const foreign = await c.request("/dashboard/org/import", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      form: { yaml, csrf },
    });
    expect(foreign.status).toBe(403);
  });

  it("re-imports the org from pasted YAML for the security office, reports errors by line, and refuses unit staff", async () => {
    const office = client();
    await useLink(office, (await createLoginLink(d.app.context, "chen.qi", { baseUrl: d.url })).url);
    const csrf = await csrfOf(office);
    const bad = await office.request("/dashboard/org/import", {
      method: "POST",
      form: {
        csrf,
        yaml: "units:\n  - { id: school, name: 某某学校 }\npeople: []\ngroups:\n  - { id: g, unit: nowhere }\n",
      },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/org\.yaml:5: groups\[0\]\.unit: unknown unit/);
    const yaml = `units:\n  - { id: school, name: 某某学校 }\n  - { id: library, name: 图书馆, parent: school }\npeople: []\ngroups: []\n`;
    const ok = await office.request("/dashboard/org/import", { method: "POST", form: { csrf, yaml } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-unit="library"');
    const audit = await d.app.context.db.prisma.auditEntry.findMany({ where: { actor: "chen.qi" } });
    expect(audit.length).toBeGreaterThan(0);

    const officer = client();
    await useLink(officer, (await createLoginLink(d.app.context, "wang.wu", { baseUrl: d.url })).url);
    const refused = await officer.request("/dashboard/org/import", {
      method: "POST",
      form: { csrf: await csrfOf(officer), yaml },
    });
    expect(refused.status).toBe(403);
  });

  it("ends on sign-out: the cookie is cleared and the old secret no longer works", async () => {
    const c = client();
    await useLink(c, (await createLoginLink(d.app.context, "zhao.liu", { baseUrl: d.url })).url);
    const secret = c.jar.get("wk_session")!;
    const out = await c.request("/dashboard/logout", { method: "POST", form: { csrf: await csrfOf(c) } });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().some((h) => /^wk_session=;.*Max-Age=0/.test(h))).toBe(true);
    const replay = await fetch(`${d.url}/dashboard`, {
      headers: { cookie: `wk_session=${secret}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(303);
  });

  it("expires after 12 hours", async () => {
    const c = client();
    await useLink(c, (await createLoginLink(d.app.context, "wu.shi", { baseUrl: d.url })).url);
    expect((await c.request("/dashboard")).status).toBe(200);
    await d.clock.advance(12 * 3600_000 + 1);
    expect((await c.request("/dashboard")).status).toBe(303);
  });

  it("serves pages with a strict content security policy and no caching", async () => {
    const res = await fetch(`${d.url}/dashboard/login`);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
