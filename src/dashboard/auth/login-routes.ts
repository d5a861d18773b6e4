import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../../app/context.js";
import type { Locale } from "../../i18n/i18n.js";
import { html, type SafeHtml } from "../html.js";
import { newNonce, readForm, safeNext, sameOrigin, sendHtml, sendRedirect } from "../http-util.js";
import { layout } from "../layout.js";
import { t } from "../messages.js";
import { resolveLocale } from "../request-context.js";
import { AttemptLimiter } from "./attempt-limiter.js";
import type { AuthStore } from "./auth-store.js";
import { parseCookies, serializeCookie, wantsSecureCookies } from "./cookies.js";
import { dashboardBaseUrl, sendLoginLink } from "./login-links.js";
import { checkDashboardPassword } from "./passwords.js";
import { hashSecret, randomSecret, safeEqual } from "./secrets.js";
import { openSession, resolveSession, sessionCookie, sessionTtlMs } from "./sessions.js";

/** The address a request reached this server at (its socket), for links when no public URL is set. */
function localBaseUrl(req: IncomingMessage): string {
  const addr = (req.socket.localAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  return `http://${addr.includes(":") ? `[${addr}]` : addr}:${req.socket.localPort}`;
}

/** Double-submit token for the forms shown before anyone is signed in (no session to hold one yet). */
const preCookie = "wk_pre";

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  locale: Locale;
  nonce: string;
  cookies: string[];
  secure: boolean;
}

type Handler = (ctx: Ctx) => Promise<void>;

/** The sign-in routes: the login form, DM links, password sign-in, and sign-out. */
export function loginRoutes(app: AppContext, store: AuthStore) {
  const limiter = new AttemptLimiter(app.clock);

  const wrap =
    (fn: Handler) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const { locale, cookies } = resolveLocale(app, req, url.searchParams, null);
      const secure = wantsSecureCookies(req, process.env.WATCHKEEPER_PUBLIC_URL);
      await fn({ req, res, query: url.searchParams, locale, nonce: newNonce(), cookies, secure });
    };

  const render = (ctx: Ctx, status: number, title: string, body: SafeHtml) => {
    const path = new URL(ctx.req.url ?? "/", "http://localhost").pathname;
    sendHtml(
      ctx.res,
      status,
      layout({ locale: ctx.locale, title, body, nonce: ctx.nonce, path }),
      ctx.nonce,
      ctx.cookies,
    );
  };

  /** The pre-session token for a form, set as a cookie when the browser has none yet. */
  const preToken = (ctx: Ctx): string => {
    const existing = parseCookies(ctx.req).get(preCookie);
    if (existing && /^[\w-]{43}$/.test(existing)) return existing;
    const fresh = randomSecret();
    ctx.cookies.push(serializeCookie(preCookie, fresh, { maxAge: 3600, secure: ctx.secure }));
    return fresh;
  };

  /** Reads a pre-session form, or answers 403 when its token does not match the cookie. */
  const preForm = async (ctx: Ctx): Promise<URLSearchParams | null> => {
    const form = await readForm(ctx.req);
    const cookie = parseCookies(ctx.req).get(preCookie);
    if (form && cookie && sameOrigin(ctx.req) && safeEqual(form.get("pre") ?? "", cookie)) return form;
    render(ctx, 403, t(ctx.locale, "forbiddenTitle"), html`<p class="notice error">${t(ctx.locale, "csrfFailed")}</p>`);
    return null;
  };

  const signIn = async (ctx: Ctx, personId: string, via: string, next: string | null) => {
    const { secret } = await openSession(store, app.clock, personId);
    await store.purge(app.clock.now());
    await app.audit.append({
      actor: personId,
      action: "dashboard.signed_in",
      subjectType: "person",
      subjectId: personId,
      data: { via },
    });
    sendRedirect(ctx.res, safeNext(next), [
      ...ctx.cookies,
      serializeCookie(sessionCookie, secret, { maxAge: Math.floor(sessionTtlMs / 1000), secure: ctx.secure }),
    ]);
  };

  const loginPage: Handler = async (ctx) => {
    const session = await resolveSession(store, app.clock, parseCookies(ctx.req).get(sessionCookie));
    if (session) return sendRedirect(ctx.res, safeNext(ctx.query.get("next")), ctx.cookies);
    const tr = (k: Parameters<typeof t>[1]) => t(ctx.locale, k);
    const pre = preToken(ctx);
    const next = safeNext(ctx.query.get("next"));
    const hidden = html`<input type="hidden" name="pre" value="${pre}"><input type="hidden" name="next" value="${next}">`;
    render(
      ctx,
      200,
      tr("loginTitle"),
      html`${ctx.query.has("sent") && html`<p class="notice" id="link-sent">${tr("loginLinkSent")}</p>`}
${ctx.query.has("failed") && html`<p class="notice error" id="login-failed">${tr("loginFailed")}</p>`}
<section class="panel"><h2>${tr("loginLinkHeading")}</h2>
<form method="post" action="/dashboard/login/send" id="link-form">${hidden}
<label for="link-person">${tr("loginPersonId")}</label><input type="text" id="link-person" name="personId" required autocomplete="username">
<button class="primary" type="submit">${tr("loginSendLink")}</button></form></section>
<section class="panel"><h2>${tr("loginPasswordHeading")}</h2>
<form method="post" action="/dashboard/login/password" id="password-form">${hidden}
<label for="pw-person">${tr("loginPersonId")}</label><input type="text" id="pw-person" name="personId" required autocomplete="username">
<label for="pw">${tr("loginPassword")}</label><input type="password" id="pw" name="password" required autocomplete="current-password">
<button class="primary" type="submit">${tr("loginSubmit")}</button></form></section>`,
    );
  };

  const sendLink: Handler = async (ctx) => {
    const form = await preForm(ctx);
    if (!form) return;
    const personId = (form.get("personId") ?? "").trim();
    if (personId)
      await sendLoginLink(app, personId, {
        store,
        // The address this request reached, not its Host header (which the sender controls).
        baseUrl: dashboardBaseUrl(app, localBaseUrl(ctx.req)),
        text: (url, locale) =>
          t(locale === "en" ? "en" : locale === "zh-CN" ? "zh-CN" : app.config.locale, "loginDm", { url }),
      });
    // Same answer whether or not the person exists, so the form reveals nothing.
    sendRedirect(ctx.res, "/dashboard/login?sent=1", ctx.cookies);
  };

  const linkPage: Handler = async (ctx) => {
    // Showing a button instead of signing in on GET: chat apps fetch link previews, which must not use the link up.
    const token = ctx.query.get("token") ?? "";
    const pre = preToken(ctx);
    render(
      ctx,
      200,
      t(ctx.locale, "loginTitle"),
      html`<section class="panel"><p>${t(ctx.locale, "loginLinkConfirm")}</p>
<form method="post" action="/dashboard/login/link" id="confirm-form"><input type="hidden" name="pre" value="${pre}"><input type="hidden" name="token" value="${token}">
<button class="primary" type="submit" id="confirm">${t(ctx.locale, "loginSubmit")}</button></form></section>`,
    );
  };

  const useLink: Handler = async (ctx) => {
    const form = await preForm(ctx);
    if (!form) return;
    const personId = await store.consumeLoginToken(hashSecret(form.get("token") ?? ""), app.clock.now());
    const person = personId ? await app.directory.person(personId) : null;
    if (!personId || !person?.active)
      return render(
        ctx,
        400,
        t(ctx.locale, "loginTitle"),
        html`<p class="notice error" id="link-invalid">${t(ctx.locale, "loginLinkInvalid")}</p>
<p><a href="/dashboard/login">${t(ctx.locale, "loginTitle")}</a></p>`,
      );
    await signIn(ctx, personId, "link", null);
  };

  const usePassword: Handler = async (ctx) => {
    const form = await preForm(ctx);
    if (!form) return;
    const personId = (form.get("personId") ?? "").trim();
    const password = form.get("password") ?? "";
    const ok = personId && !limiter.blocked(personId) && (await checkDashboardPassword(app, personId, password));
    if (!ok) {
      if (personId) limiter.fail(personId);
      return sendRedirect(ctx.res, "/dashboard/login?failed=1", ctx.cookies);
    }
    limiter.succeed(personId);
    await signIn(ctx, personId, "password", form.get("next"));
  };

  return {
    loginPage: wrap(loginPage),
    sendLink: wrap(sendLink),
    linkPage: wrap(linkPage),
    useLink: wrap(useLink),
    usePassword: wrap(usePassword),
  };
}
