import type { IncomingMessage } from "node:http";
import type { AppContext } from "../app/context.js";
import { isLocale, type Locale } from "../i18n/i18n.js";
import { parseCookies, serializeCookie, wantsSecureCookies } from "./auth/cookies.js";

export const langCookie = "wk_lang";

/**
 * The page language: `?lang=` (remembered in a cookie), then the remembered choice, then the
 * person's own locale, then the organisation default (Chinese unless configured otherwise).
 */
export function resolveLocale(
  app: AppContext,
  req: IncomingMessage,
  query: URLSearchParams,
  personLocale: Locale | null,
): { locale: Locale; cookies: string[] } {
  const asked = query.get("lang");
  if (isLocale(asked)) {
    const secure = wantsSecureCookies(req, process.env.WATCHKEEPER_PUBLIC_URL);
    return { locale: asked, cookies: [serializeCookie(langCookie, asked, { maxAge: 365 * 86400, secure })] };
  }
  const remembered = parseCookies(req).get(langCookie);
  if (isLocale(remembered)) return { locale: remembered, cookies: [] };
  return { locale: personLocale ?? app.config.locale, cookies: [] };
}
