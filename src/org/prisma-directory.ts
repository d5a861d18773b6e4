import type { ChannelRef, UserRef } from "../chat/types.js";
import type { Clock } from "../core/clock.js";
import type { PrismaClient } from "../db/database.js";
import { isLocale } from "../i18n/i18n.js";
import type { Directory, GroupInfo, PersonInfo, Role, UnitInfo } from "./directory.js";

type PersonRow = {
  id: string;
  name: string;
  locale: string | null;
  active: boolean;
  roles: { role: string; unitId: string; until: Date | null }[];
};

/**
 * The directory over the database, with a cache of lookups: every message asks "who is this?", and
 * the org changes only on import (which calls invalidate()).
 */
export class PrismaDirectory implements Directory {
  private cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  invalidate(): void {
    this.cache = new Map();
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private toPerson(p: PersonRow): PersonInfo {
    const now = this.clock.now().getTime();
    return {
      id: p.id,
      name: p.name,
      locale: isLocale(p.locale) ? p.locale : null,
      active: p.active,
      roles: p.roles
        .filter((r) => !r.until || r.until.getTime() > now)
        .map((r) => ({ role: r.role as Role, unitId: r.unitId })),
    };
  }

  person(id: string): Promise<PersonInfo | null> {
    return this.cached(`p:${id}`, async () => {
      const p = await this.prisma.person.findUnique({ where: { id }, include: { roles: true } });
      return p ? this.toPerson(p) : null;
    });
  }

  personByChat(platform: string, externalId: string): Promise<PersonInfo | null> {
    return this.cached(`pc:${platform}:${externalId}`, async () => {
      const i = await this.prisma.chatIdentity.findUnique({
        where: { platform_externalId: { platform, externalId } },
        include: { person: { include: { roles: true } } },
      });
      return i ? this.toPerson(i.person) : null;
    });
  }

  group(id: string): Promise<GroupInfo | null> {
    return this.cached(`g:${id}`, async () => {
      const g = await this.prisma.chatGroup.findUnique({ where: { id } });
      return (
        g && { id: g.id, name: g.name, unitId: g.unitId, external: g.external, reviewedPostsOnly: g.reviewedPostsOnly }
      );
    });
  }

  groupByChannel(platform: string, channelId: string): Promise<GroupInfo | null> {
    return this.cached(`gc:${platform}:${channelId}`, async () => {
      const c = await this.prisma.chatChannel.findUnique({
        where: { platform_externalId: { platform, externalId: channelId } },
        include: { group: true },
      });
      const g = c?.group;
      return g
        ? { id: g.id, name: g.name, unitId: g.unitId, external: g.external, reviewedPostsOnly: g.reviewedPostsOnly }
        : null;
    });
  }

  unit(id: string): Promise<UnitInfo | null> {
    return this.cached(`u:${id}`, async () => {
      const u = await this.prisma.unit.findUnique({ where: { id } });
      return u && { id: u.id, name: u.name, parentId: u.parentId };
    });
  }

  async unitAncestry(unitId: string): Promise<UnitInfo[]> {
    const out: UnitInfo[] = [];
    const seen = new Set<string>();
    for (let id: string | null = unitId; id && !seen.has(id); ) {
      seen.add(id);
      const u: UnitInfo | null = await this.unit(id);
      if (!u) break;
      out.push(u);
      id = u.parentId;
    }
    return out;
  }

  holders(unitId: string, role: Role): Promise<PersonInfo[]> {
    return this.cached(`h:${unitId}:${role}`, async () => {
      const now = this.clock.now();
      const rows = await this.prisma.roleAssignment.findMany({
        where: { unitId, role, OR: [{ until: null }, { until: { gt: now } }], person: { active: true } },
        include: { person: { include: { roles: true } } },
        orderBy: [{ since: "asc" }, { personId: "asc" }],
      });
      return rows.map((r) => this.toPerson(r.person));
    });
  }

  identitiesOf(personId: string): Promise<UserRef[]> {
    return this.cached(`i:${personId}`, async () => {
      const rows = await this.prisma.chatIdentity.findMany({ where: { personId }, orderBy: { platform: "asc" } });
      return rows.map((r) => ({
        platform: r.platform,
        id: r.externalId,
        ...(r.displayName ? { displayName: r.displayName } : {}),
      }));
    });
  }

  channelsOf(groupId: string): Promise<ChannelRef[]> {
    return this.cached(`c:${groupId}`, async () => {
      const rows = await this.prisma.chatChannel.findMany({ where: { groupId }, orderBy: { platform: "asc" } });
      return rows.map((r) => ({ platform: r.platform, id: r.externalId, kind: "group" as const }));
    });
  }
}
