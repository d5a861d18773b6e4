import { Prisma } from "../../generated/prisma/client.js";
import type { PrismaClient } from "../db/database.js";
import type { Scope } from "./scope.js";

// Query filters per scope, in one place, so every page limits data the same way on the server.

const inUnits = (scope: Extract<Scope, { kind: "units" }>) => ({ in: [...scope.unitIds] });

/** People with a current role in a visible unit (or oneself). */
export function peopleWhere(scope: Scope, now: Date): Prisma.PersonWhereInput {
  if (scope.kind === "all") return { active: true };
  if (scope.kind === "own") return { id: scope.personId };
  return {
    active: true,
    roles: { some: { unitId: inUnits(scope), OR: [{ until: null }, { until: { gt: now } }] } },
  };
}

/** Groups run by visible units; an operator sees the groups of the units they work in. */
export function groupsWhere(scope: Scope, now: Date): Prisma.ChatGroupWhereInput {
  if (scope.kind === "all") return {};
  if (scope.kind === "units") return { unitId: inUnits(scope) };
  return {
    unit: { roles: { some: { personId: scope.personId, OR: [{ until: null }, { until: { gt: now } }] } } },
  };
}

/** Messages in visible units' groups; an operator's own messages. Edits (version > 0) are not new messages. */
export function messagesWhere(scope: Scope): Prisma.StoredMessageWhereInput {
  if (scope.kind === "all") return { version: 0 };
  if (scope.kind === "units") return { version: 0, group: { unitId: inUnits(scope) } };
  return { version: 0, senderPersonId: scope.personId };
}

/** Incidents of visible units; an operator's own reports. */
export function incidentsWhere(scope: Scope): Prisma.IncidentWhereInput {
  if (scope.kind === "all") return {};
  if (scope.kind === "units") return { unitId: inUnits(scope) };
  return { reporterPersonId: scope.personId };
}

/** Deadlines owned in, or about incidents of, visible units; an operator's own deadlines. */
export function deadlinesWhere(scope: Scope): Prisma.DeadlineWhereInput {
  if (scope.kind === "all") return {};
  if (scope.kind === "units")
    return { OR: [{ ownerUnitId: inUnits(scope) }, { incident: { unitId: inUnits(scope) } }] };
  return { OR: [{ ownerPersonId: scope.personId }, { ownerPersonIds: { has: scope.personId } }] };
}

/** China Standard Time has no daylight saving, so a fixed offset gives exact local days. */
const dayOffsetHours = 8;

/** Stored messages (originals, not edits) per local day over the last `days` days, oldest first. */
export async function messagesPerDay(
  prisma: PrismaClient,
  scope: Scope,
  now: Date,
  days: number,
): Promise<{ day: string; count: number }[]> {
  const localToday = new Date(now.getTime() + dayOffsetHours * 3600_000);
  const startLocal =
    Date.UTC(localToday.getUTCFullYear(), localToday.getUTCMonth(), localToday.getUTCDate()) - (days - 1) * 86400_000;
  const since = new Date(startLocal - dayOffsetHours * 3600_000);
  const filter =
    scope.kind === "all"
      ? Prisma.empty
      : scope.kind === "own"
        ? Prisma.sql`AND m."senderPersonId" = ${scope.personId}`
        : scope.unitIds.size === 0
          ? Prisma.sql`AND false`
          : Prisma.sql`AND g."unitId" IN (${Prisma.join([...scope.unitIds])})`;
  const rows = await prisma.$queryRaw<{ day: string; n: number }[]>`
    SELECT to_char(m."sentAt" + make_interval(hours => ${dayOffsetHours}::int), 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM "StoredMessage" m LEFT JOIN "ChatGroup" g ON g."id" = m."groupId"
     WHERE m."version" = 0 AND m."sentAt" >= ${since.toISOString()}::timestamp(3) AND m."sentAt" <= ${now.toISOString()}::timestamp(3) ${filter}
     GROUP BY 1`;
  const counts = new Map(rows.map((r) => [r.day, r.n]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(startLocal + i * 86400_000).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}

/** The incident list's filters; unknown values are ignored rather than trusted. */
export interface IncidentFilters {
  unitId?: string;
  severity?: string;
  /** open: not yet acknowledged; acknowledged: acknowledged, not closed; closed. */
  state?: "open" | "acknowledged" | "closed";
}

/** Incidents within scope that match the filters; a unit filter never widens the scope. */
export function incidentListWhere(scope: Scope, f: IncidentFilters): Prisma.IncidentWhereInput {
  const and: Prisma.IncidentWhereInput[] = [incidentsWhere(scope)];
  if (f.unitId) and.push({ unitId: f.unitId });
  if (f.severity) and.push({ severity: f.severity as Prisma.IncidentWhereInput["severity"] });
  if (f.state === "open") and.push({ acknowledgedAt: null, closedAt: null });
  if (f.state === "acknowledged") and.push({ acknowledgedAt: { not: null }, closedAt: null });
  if (f.state === "closed") and.push({ closedAt: { not: null } });
  return { AND: and };
}

/** Messages moderation acted on (hidden, warned, …, or restored since), within scope. */
export function flaggedMessagesWhere(scope: Scope): Prisma.StoredMessageWhereInput {
  return { AND: [messagesWhere(scope), { actionTaken: { notIn: ["none"] } }, { NOT: { actionTaken: null } }] };
}

/** Duty tasks of visible units; an operator's own tasks. */
export function dutyTasksWhere(scope: Scope): Prisma.DutyTaskWhereInput {
  if (scope.kind === "all") return {};
  if (scope.kind === "units") return { unitId: inUnits(scope) };
  return { ownerPersonId: scope.personId };
}
