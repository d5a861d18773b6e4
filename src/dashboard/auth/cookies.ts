import type { IncomingMessage } from "node:http";
import { isLoopback } from "../../observability/metrics-access.js";

/** Cookies of a request, by name (first one wins, as browsers send the most specific first). */
export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      // A malformed cookie is ignored rather than failing the request.
    }
  }
  return out;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Relative, so a skewed clock on either side does not matter. */
  maxAge: number;
  secure: boolean;
  /** @defaultValue true */
  httpOnly?: boolean;
  /** @defaultValue "/dashboard" */
  path?: string;
}

/** A Set-Cookie value; always SameSite=Strict, so no other site can send it along. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? "/dashboard"}`, `Max-Age=${o.maxAge}`];
  parts.push("SameSite=Strict");
  if (o.httpOnly ?? true) parts.push("HttpOnly");
  if (o.secure) parts.push("Secure");
  return parts.join("; ");
}

/**
 * Cookies are Secure unless the browser talks to us over loopback plain HTTP (local use and tests);
 * a public https URL always means Secure, even behind a local reverse proxy.
 */
export function wantsSecureCookies(req: IncomingMessage, publicUrl: string | undefined): boolean {
  if (publicUrl?.startsWith("https:")) return true;
  return !isLoopback(req.socket.remoteAddress);
}
