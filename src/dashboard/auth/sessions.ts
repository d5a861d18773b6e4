import type { Clock } from "../../core/clock.js";
import type { AuthStore } from "./auth-store.js";
import { hashSecret, randomSecret } from "./secrets.js";

/** A session lasts a working day, then the person signs in again. */
export const sessionTtlMs = 12 * 3600_000;
export const sessionCookie = "wk_session";

export interface Session {
  idHash: string;
  personId: string;
  csrfToken: string;
}

/** Opens a session: the random secret goes in the cookie, only its hash in the database. */
export async function openSession(
  store: AuthStore,
  clock: Clock,
  personId: string,
): Promise<{ secret: string; session: Session }> {
  const secret = randomSecret();
  const session = { idHash: hashSecret(secret), personId, csrfToken: randomSecret() };
  const now = clock.now();
  await store.createSession({ ...session, now, expiresAt: new Date(now.getTime() + sessionTtlMs) });
  return { secret, session };
}

/** The live session behind a cookie secret, or null. */
export async function resolveSession(
  store: AuthStore,
  clock: Clock,
  secret: string | undefined,
): Promise<Session | null> {
  if (!secret || secret.length > 100) return null;
  const idHash = hashSecret(secret);
  const found = await store.findSession(idHash, clock.now());
  return found ? { idHash, ...found } : null;
}
