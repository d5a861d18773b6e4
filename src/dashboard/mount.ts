import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../app/context.js";
import { HttpRouter } from "../http/router.js";
import { metricsOf } from "../observability/metrics.js";
import type { AuthStore } from "./auth/auth-store.js";
import { parseCookies, serializeCookie, wantsSecureCookies } from "./auth/cookies.js";
import { loginRoutes } from "./auth/login-routes.js";
import { safeEqual } from "./auth/secrets.js";
import { resolveSession, sessionCookie } from "./auth/sessions.js";
import { html } from "./html.js";
import { newNonce, readForm, sameOrigin, sendHtml, sendRedirect } from "./http-util.js";
import { layout } from "./layout.js";
import { t } from "./messages.js";
import type { DashboardPage, PageContext, PageHandler, Viewer } from "./page-registry.js";
import { resolveLocale } from "./request-context.js";
import { scopeFor } from "./scope.js";

/**
 * Puts the dashboard on the app's HTTP server under /dashboard: the sign-in routes, then every page's
 * routes behind one gate that checks the session, the CSRF token on POST, and builds the viewer's scope.
 */
export function mountDashboard(app: AppContext, store: AuthStore, pages: readonly DashboardPage[]): void {
  const inner = new HttpRouter();
  const login = loginRoutes(app, store);
  inner.get("/dashboard/login", login.loginPage);
  inner.post("/dashboard/login/send", login.sendLink);
  inner.get("/dashboard/login/link", login.linkPage);
  inner.post("/dashboard/login/link", login.useLink);
  inner.post("/dashboard/login/password", login.usePassword);

  const gate =
    (pageId: string, handler: PageHandler) =>
    async (req: IncomingMessage, res: ServerResponse, params: Record<string, string>): Promise<void> => {
      const started = performance.now();
      const url = new URL(req.url ?? "/", "http://localhost");
      const nonce = newNonce();
      const session = await resolveSession(store, app.clock, parseCookies(req).get(sessionCookie));
      const person = session ? await app.directory.person(session.personId) : null;
      if (!session || !person?.active) {
        if (req.method === "POST") {
          const { locale, cookies } = resolveLocale(app, req, url.searchParams, null);
          const body = html`<p class="notice error">${t(locale, "csrfFailed")}</p>`;
          return sendHtml(
            res,
            403,
            layout({ locale, title: t(locale, "forbiddenTitle"), body, nonce, path: url.pathname }),
            nonce,
            cookies,
          );
        }
        const next = encodeURIComponent(url.pathname + url.search);
        return sendRedirect(res, `/dashboard/login?next=${next}`);
      }
      const { locale, cookies } = resolveLocale(app, req, url.searchParams, person.locale);
      const units = await app.db.prisma.unit.findMany({ select: { id: true, name: true, parentId: true } });
      const viewer: Viewer = { person, scope: scopeFor(person, units), session };
      const csrfField = html`<input type="hidden" name="csrf" value="${session.csrfToken}">`;
      const frame = (status: number, title: string, body: ReturnType<typeof html>) =>
        sendHtml(
          res,
          status,
          layout({ locale, title, body, nonce, path: url.pathname, viewer, csrfField, pages, now: app.clock.now() }),
          nonce,
          cookies,
        );

      let form = new URLSearchParams();
      if (req.method === "POST") {
        const read = await readForm(req);
        // The per-session token must come back with every form; a POST from anywhere else lacks it.
        if (!read || !sameOrigin(req) || !safeEqual(read.get("csrf") ?? "", session.csrfToken))
          return frame(
            403,
            t(locale, "forbiddenTitle"),
            html`<p class="notice error" id="csrf-failed">${t(locale, "csrfFailed")}</p>`,
          );
        form = read;
      }
      const ctx: PageContext = {
        app,
        req,
        params,
        query: url.searchParams,
        form,
        locale,
        text: (key, p) => t(locale, key, p),
        viewer,
        now: app.clock.now(),
        csrfField,
        nonce,
      };
      const result = await handler(ctx);
      metricsOf(app).dashboardRender.observe({ page: pageId }, (performance.now() - started) / 1000);
      switch (result.kind) {
        case "redirect":
          return sendRedirect(res, result.to, [...cookies, ...(result.cookies ?? [])]);
        case "forbidden":
          return frame(
            403,
            t(locale, "forbiddenTitle"),
            html`<p class="notice error" id="forbidden">${t(locale, "forbiddenBody")}</p>`,
          );
        case "notFound":
          return frame(404, t(locale, "notFoundTitle"), html``);
        case "page":
          return frame(result.status ?? 200, result.title, result.body);
      }
    };

  inner.post(
    "/dashboard/logout",
    gate("logout", async (ctx) => {
      await store.deleteSession(ctx.viewer.session.idHash);
      const secure = wantsSecureCookies(ctx.req, process.env.WATCHKEEPER_PUBLIC_URL);
      return {
        kind: "redirect",
        to: "/dashboard/login",
        cookies: [serializeCookie(sessionCookie, "", { maxAge: 0, secure })],
      };
    }),
  );
  for (const p of pages)
    p.install({
      get: (path, handler) => inner.get(path, gate(p.id, handler)),
      post: (path, handler) => inner.post(path, gate(p.id, handler)),
    });

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    const found = inner.match(req.method ?? "GET", path);
    if (found === null || found === "method") {
      const nonce = newNonce();
      const { locale } = resolveLocale(app, req, new URLSearchParams(), null);
      const status = found === null ? 404 : 405;
      return sendHtml(
        res,
        status,
        layout({ locale, title: t(locale, "notFoundTitle"), body: html``, nonce, path }),
        nonce,
      );
    }
    await found.handler(req, res, found.params);
  };
  app.http.get("/dashboard", dispatch);
  app.http.get("/dashboard/*", dispatch);
  app.http.post("/dashboard/*", dispatch);
}
