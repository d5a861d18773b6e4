import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../http/router.js";
import type { SafeHtml } from "./html.js";

/** A fresh nonce for one response's inline script and style. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Security headers for every dashboard response: a strict CSP (only our nonce'd inline code, forms
 * post to ourselves, no framing), no caching of personal pages, and no Referer to other sites that could carry a
 * sign-in token to another site.
 */
export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
  };
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  doc: SafeHtml,
  nonce: string,
  cookies: string[] = [],
): void {
  const body = `<!doctype html>\n${doc.value}`;
  res.writeHead(status, {
    ...securityHeaders(nonce),
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...(cookies.length ? { "set-cookie": cookies } : {}),
  });
  res.end(body);
}

/** 303 See Other: after a POST the browser follows with a GET. */
export function sendRedirect(res: ServerResponse, to: string, cookies: string[] = []): void {
  res.writeHead(303, {
    location: to,
    "cache-control": "no-store",
    "content-length": 0,
    ...(cookies.length ? { "set-cookie": cookies } : {}),
  });
  res.end();
}

/** Reads an urlencoded form body; anything else is refused (our forms post nothing else). */
export async function readForm(req: IncomingMessage, limit = 2 << 20): Promise<URLSearchParams | null> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  return new URLSearchParams((await readBody(req, limit)).toString("utf8"));
}

/**
 * Whether a POST's Origin (when the browser sends one) is this server. Together with SameSite=Strict
 * cookies and the per-session token, a form on another site cannot act for a signed-in person.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Only local paths are followed after sign-in, so `next` cannot send anyone to another site. */
export function safeNext(next: string | null): string {
  return next && /^\/dashboard(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(next) && !next.startsWith("//") ? next : "/dashboard";
}
