import type { AppContext } from "../../app/context.js";
import { CodedError } from "../../core/errors.js";
import { type AuthStore, openAuthStore } from "./auth-store.js";
import { hashSecret, randomSecret } from "./secrets.js";

/** A sign-in link works once, within 15 minutes. */
export const loginLinkTtlMs = 15 * 60_000;
/** At most this many links per person per TTL window, so the form cannot flood someone's DMs. */
export const loginLinksPerWindow = 3;

export const dashboardErrors = {
  unknownPerson: "watchkeeper_dashboard_unknown_person",
  passwordWeak: "watchkeeper_dashboard_password_weak",
} as const;

/** What link and password functions need; an AppContext has it, and so can a CLI command. */
export type AuthDeps = Pick<AppContext, "db" | "clock" | "config"> & Partial<Pick<AppContext, "audit">>;

/**
 * The address people reach the dashboard at: WATCHKEEPER_PUBLIC_URL when set (behind a proxy), else
 * the configured host and port. Never the request's Host header, which a caller could forge to have
 * the bot DM a link pointing at their own site.
 */
export function dashboardBaseUrl(deps: Pick<AppContext, "config">, fallback?: string): string {
  const configured = process.env.WATCHKEEPER_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  if (fallback) return fallback;
  const host = ["0.0.0.0", "::", ""].includes(deps.config.host) ? "127.0.0.1" : deps.config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${deps.config.port}`;
}

async function requireActivePerson(deps: AuthDeps, personId: string): Promise<{ id: string; locale: string | null }> {
  const person = await deps.db.prisma.person.findUnique({ where: { id: personId } });
  if (!person?.active)
    throw new CodedError(dashboardErrors.unknownPerson, `no active person "${personId}" in the directory`);
  return person;
}

/** Issues a single-use sign-in link for a person (CLI: `watchkeeper dashboard link <personId>`). */
export async function createLoginLink(
  deps: AuthDeps,
  personId: string,
  options: { baseUrl?: string; store?: AuthStore; actor?: string } = {},
): Promise<{ url: string; expiresAt: Date }> {
  await requireActivePerson(deps, personId);
  const store = options.store ?? (await openAuthStore(deps.db.prisma));
  const token = randomSecret();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + loginLinkTtlMs);
  await store.createLoginToken({ tokenHash: hashSecret(token), personId, now, expiresAt });
  await deps.audit?.append({
    actor: options.actor ?? "system",
    action: "dashboard.link_issued",
    subjectType: "person",
    subjectId: personId,
  });
  const base = options.baseUrl ?? dashboardBaseUrl(deps);
  return { url: `${base}/dashboard/login/link?token=${encodeURIComponent(token)}`, expiresAt };
}

/**
 * Sends a sign-in link by DM on every platform the person uses. Unknown people, people without a
 * chat account and throttled requests all return false, and the web form says the same thing in
 * every case, so it reveals nothing about who exists.
 */
export async function sendLoginLink(
  app: AppContext,
  personId: string,
  options: { baseUrl?: string; store?: AuthStore; text: (url: string, locale: string | null) => string },
): Promise<boolean> {
  const person = await app.db.prisma.person.findUnique({ where: { id: personId } });
  if (!person?.active) return false;
  const store = options.store ?? (await openAuthStore(app.db.prisma));
  const since = new Date(app.clock.now().getTime() - loginLinkTtlMs);
  if ((await store.loginTokensSince(personId, since)) >= loginLinksPerWindow) return false;
  if ((await app.directory.identitiesOf(personId)).length === 0) return false;
  const { url } = await createLoginLink(app, personId, { ...options, actor: "dashboard" });
  const sent = await app.chat.notifyPerson(personId, { text: options.text(url, person.locale) });
  return sent.length > 0;
}
