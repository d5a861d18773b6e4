import type { PrismaClient } from "../../db/database.js";

/** Where dashboard sessions, sign-in links and passwords live. Secrets arrive already hashed. */
export interface AuthStore {
  createSession(s: { idHash: string; personId: string; csrfToken: string; now: Date; expiresAt: Date }): Promise<void>;
  /** The live session with this id hash, or null when unknown or expired. */
  findSession(idHash: string, now: Date): Promise<{ personId: string; csrfToken: string } | null>;
  deleteSession(idHash: string): Promise<void>;
  createLoginToken(t: { tokenHash: string; personId: string; now: Date; expiresAt: Date }): Promise<void>;
  /** How many links were issued to the person since `since` (throttles the DM form). */
  loginTokensSince(personId: string, since: Date): Promise<number>;
  /** Marks the token used and returns its person, atomically; null when unknown, used or expired. */
  consumeLoginToken(tokenHash: string, now: Date): Promise<string | null>;
  setPassword(p: { personId: string; hash: string; now: Date; setBy: string }): Promise<void>;
  passwordHash(personId: string): Promise<string | null>;
  /** Removes expired sessions and tokens. */
  purge(now: Date): Promise<void>;
}

/** The auth store over the app's database (the tables of prisma/schema/dashboard.prisma). */
export class PrismaAuthStore implements AuthStore {
  constructor(private readonly prisma: PrismaClient) {}

  async createSession(s: { idHash: string; personId: string; csrfToken: string; now: Date; expiresAt: Date }) {
    await this.prisma.dashboardSession.create({
      data: { id: s.idHash, personId: s.personId, csrfToken: s.csrfToken, createdAt: s.now, expiresAt: s.expiresAt },
    });
  }

  async findSession(idHash: string, now: Date) {
    return this.prisma.dashboardSession.findFirst({
      where: { id: idHash, expiresAt: { gt: now } },
      select: { personId: true, csrfToken: true },
    });
  }

  async deleteSession(idHash: string) {
    await this.prisma.dashboardSession.deleteMany({ where: { id: idHash } });
  }

  async createLoginToken(t: { tokenHash: string; personId: string; now: Date; expiresAt: Date }) {
    await this.prisma.dashboardLoginToken.create({
      data: { tokenHash: t.tokenHash, personId: t.personId, createdAt: t.now, expiresAt: t.expiresAt },
    });
  }

  async loginTokensSince(personId: string, since: Date) {
    return this.prisma.dashboardLoginToken.count({ where: { personId, createdAt: { gt: since } } });
  }

  async consumeLoginToken(tokenHash: string, now: Date) {
    // One conditional UPDATE: of two simultaneous uses of a link, exactly one wins.
    const used = await this.prisma.dashboardLoginToken.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count !== 1) return null;
    const row = await this.prisma.dashboardLoginToken.findUnique({ where: { tokenHash }, select: { personId: true } });
    return row?.personId ?? null;
  }

  async setPassword(p: { personId: string; hash: string; now: Date; setBy: string }) {
    await this.prisma.dashboardPassword.upsert({
      where: { personId: p.personId },
      create: { personId: p.personId, hash: p.hash, setAt: p.now, setBy: p.setBy },
      update: { hash: p.hash, setAt: p.now, setBy: p.setBy },
    });
  }

  async passwordHash(personId: string) {
    const row = await this.prisma.dashboardPassword.findUnique({ where: { personId }, select: { hash: true } });
    return row?.hash ?? null;
  }

  async purge(now: Date) {
    await this.prisma.dashboardSession.deleteMany({ where: { expiresAt: { lte: now } } });
    await this.prisma.dashboardLoginToken.deleteMany({ where: { expiresAt: { lte: now } } });
  }
}

/** The auth store for a database. */
export async function openAuthStore(prisma: PrismaClient): Promise<AuthStore> {
  return new PrismaAuthStore(prisma);
}
