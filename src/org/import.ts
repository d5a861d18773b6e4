import type { AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../core/clock.js";
import { ErrorCodes } from "../core/errors.js";
import { loadYamlFile } from "../core/yaml-file.js";
import type { PrismaClient } from "../db/database.js";
import { type OrgFile, orgFileSchema } from "./org-file.js";

export interface ImportSummary {
  units: number;
  people: number;
  roles: number;
  identities: number;
  groups: number;
  channels: number;
  /** Role assignments that the file no longer lists, now ended (history kept). */
  rolesEnded: number;
}

/** Reads and validates an org file; errors name the file, line and field. */
export function readOrgFile(path: string): OrgFile {
  return loadYamlFile(path, orgFileSchema, ErrorCodes.orgFileInvalid);
}

/**
 * Loads an org file into the database idempotently: re-importing updates rows and never duplicates
 * them. Roles the file no longer lists are ended, not deleted, so past responsibility stays on record.
 * Every person and group also gets a "local" identity (its own id) for the local web chat.
 */
export async function importOrg(
  prisma: PrismaClient,
  org: OrgFile,
  deps: { clock: Clock; audit?: AuditLog; actor?: string; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  const now = deps.clock.now();
  const total = org.units.length + org.people.length + org.groups.length;
  let done = 0;
  const tick = () => deps.onProgress?.(++done, total);
  const summary: ImportSummary = {
    units: 0,
    people: 0,
    roles: 0,
    identities: 0,
    groups: 0,
    channels: 0,
    rolesEnded: 0,
  };

  await prisma.$transaction(
    async (tx) => {
      // Parents before children, so every foreign key exists when it is written.
      for (const u of orderUnits(org.units)) {
        await tx.unit.upsert({
          where: { id: u.id },
          create: { id: u.id, name: u.name, parentId: u.parent ?? null },
          update: { name: u.name, parentId: u.parent ?? null },
        });
        summary.units += 1;
        tick();
      }
      for (const p of org.people) {
        await tx.person.upsert({
          where: { id: p.id },
          create: { id: p.id, name: p.name, locale: p.locale ?? null, active: p.active },
          update: { name: p.name, locale: p.locale ?? null, active: p.active },
        });
        const current = await tx.roleAssignment.findMany({ where: { personId: p.id } });
        const wanted = new Set(p.roles.map((r) => `${r.unit}/${r.role}`));
        for (const r of p.roles) {
          const existing = current.find((c) => c.unitId === r.unit && c.role === r.role);
          if (!existing) {
            await tx.roleAssignment.create({ data: { personId: p.id, unitId: r.unit, role: r.role, since: now } });
          } else if (existing.until) {
            await tx.roleAssignment.update({ where: { id: existing.id }, data: { until: null, since: now } });
          }
          summary.roles += 1;
        }
        for (const c of current) {
          if (!c.until && !wanted.has(`${c.unitId}/${c.role}`)) {
            await tx.roleAssignment.update({ where: { id: c.id }, data: { until: now } });
            summary.rolesEnded += 1;
          }
        }
        const accounts: [string, string][] = Object.entries({ local: p.id, ...p.chat });
        await tx.chatIdentity.deleteMany({
          where: { personId: p.id, NOT: accounts.map(([platform, externalId]) => ({ platform, externalId })) },
        });
        for (const [platform, externalId] of accounts) {
          await tx.chatIdentity.upsert({
            where: { platform_externalId: { platform, externalId } },
            create: { platform, externalId, personId: p.id },
            update: { personId: p.id },
          });
          summary.identities += 1;
        }
        summary.people += 1;
        tick();
      }
      for (const g of org.groups) {
        const data = {
          name: g.name ?? null,
          unitId: g.unit,
          external: g.external,
          reviewedPostsOnly: g.reviewedPostsOnly,
        };
        await tx.chatGroup.upsert({ where: { id: g.id }, create: { id: g.id, ...data }, update: data });
        const chats: [string, string][] = Object.entries({ local: g.id, ...g.chat });
        await tx.chatChannel.deleteMany({
          where: { groupId: g.id, NOT: chats.map(([platform, externalId]) => ({ platform, externalId })) },
        });
        for (const [platform, externalId] of chats) {
          await tx.chatChannel.upsert({
            where: { platform_externalId: { platform, externalId } },
            create: { platform, externalId, groupId: g.id },
            update: { groupId: g.id },
          });
          summary.channels += 1;
        }
        summary.groups += 1;
        tick();
      }
      if (deps.audit) {
        await deps.audit.append(
          {
            actor: deps.actor ?? "system",
            action: "org.imported",
            subjectType: "org",
            subjectId: org.organisation?.name ?? "org",
            data: { ...summary },
          },
          tx,
        );
      }
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  return summary;
}

function orderUnits(units: OrgFile["units"]): OrgFile["units"] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: OrgFile["units"] = [];
  const placed = new Set<string>();
  const place = (u: OrgFile["units"][number]) => {
    if (placed.has(u.id)) return;
    const parent = u.parent ? byId.get(u.parent) : undefined;
    if (parent) place(parent);
    placed.add(u.id);
    out.push(u);
  };
  units.forEach(place);
  return out;
}
