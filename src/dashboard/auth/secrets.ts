import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** A fresh 32-byte random secret, URL-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What we store instead of a bearer secret: a leaked table then opens no session. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time string comparison (different lengths compare unequal without leaking where). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

// scrypt cost: N=2^14, r=8, p=1 (16 MiB, tens of milliseconds), recorded in the hash so it can rise later.
const cost = { N: 16384, r: 8, p: 1 };
const keyLength = 32;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost.N, cost.r, cost.p);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

// Verifying against this when a person has no password keeps the answer time the same either way.
const decoy = `scrypt$${cost.N}$${cost.r}$${cost.p}$${"A".repeat(22)}$${"A".repeat(43)}`;

/** Checks a password against a stored hash (or a decoy when there is none, so timing reveals nothing). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? decoy).split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return stored !== null && expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The rules ask for passwords of 8+ characters with letters and digits (DOMAIN.md §7). */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return "at least 8 characters";
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return "letters and digits";
  return null;
}
