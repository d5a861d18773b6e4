import type { PrismaClient } from "../db/database.js";
import { localMonth } from "./countdown.js";
import { categoriesOf } from "./highlight.js";
import type { Scope } from "./scope.js";
import { flaggedMessagesWhere, incidentsWhere } from "./scoped-queries.js";

/** The last `n` Beijing-time months up to `now`, oldest first ("2026-03"). */
export function lastMonths(now: Date, n: number): string[] {
  const [y, m] = localMonth(now).split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Upper bounds (minutes) of the time-to-acknowledge buckets; the last bucket is open-ended. */
export const ackBucketsMin = [15, 30, 60, 120, 240, 480] as const;

export interface IncidentFigures {
  months: string[];
  /** month → severity → count */
  bySeverity: Map<string, Map<string, number>>;
  byCategory: Map<string, number>;
  /** month → minutes to acknowledge, one per acknowledged incident */
  ackMinutes: Map<string, number[]>;
  /** counts per ackBucketsMin bucket, plus one for "over the last bound" */
  ackBuckets: number[];
  unacknowledged: number;
}

/** Incidents within scope over the last `months` months, by month, severity and category, and how fast they were acknowledged. */
export async function incidentFigures(
  prisma: PrismaClient,
  scope: Scope,
  now: Date,
  months = 12,
): Promise<IncidentFigures> {
  const list = lastMonths(now, months);
  const since = new Date(Date.parse(`${list[0]}-01T00:00:00Z`) - 8 * 3600_000);
  const rows = await prisma.incident.findMany({
    where: { AND: [incidentsWhere(scope), { openedAt: { gte: since, lte: now } }] },
    select: { category: true, severity: true, openedAt: true, acknowledgedAt: true },
  });
  const out: IncidentFigures = {
    months: list,
    bySeverity: new Map(list.map((m) => [m, new Map()])),
    byCategory: new Map(),
    ackMinutes: new Map(list.map((m) => [m, []])),
    ackBuckets: Array(ackBucketsMin.length + 1).fill(0),
    unacknowledged: 0,
  };
  for (const r of rows) {
    const month = localMonth(r.openedAt);
    const sev = out.bySeverity.get(month);
    if (!sev) continue;
    sev.set(r.severity, (sev.get(r.severity) ?? 0) + 1);
    out.byCategory.set(r.category, (out.byCategory.get(r.category) ?? 0) + 1);
    if (!r.acknowledgedAt) {
      out.unacknowledged += 1;
      continue;
    }
    const minutes = Math.max(0, (r.acknowledgedAt.getTime() - r.openedAt.getTime()) / 60_000);
    out.ackMinutes.get(month)!.push(minutes);
    const b = ackBucketsMin.findIndex((limit) => minutes <= limit);
    out.ackBuckets[b < 0 ? ackBucketsMin.length : b]! += 1;
  }
  return out;
}

export interface ModerationFigures {
  months: string[];
  byCategory: Map<string, number>;
  perMonth: Map<string, number>;
}

/** Messages moderation acted on within scope over the last `months` months, by category and month. */
export async function moderationFigures(
  prisma: PrismaClient,
  scope: Scope,
  now: Date,
  months = 12,
): Promise<ModerationFigures> {
  const list = lastMonths(now, months);
  const since = new Date(Date.parse(`${list[0]}-01T00:00:00Z`) - 8 * 3600_000);
  const rows = await prisma.storedMessage.findMany({
    where: { AND: [flaggedMessagesWhere(scope), { sentAt: { gte: since, lte: now } }] },
    select: { verdict: true, sentAt: true },
  });
  const out: ModerationFigures = { months: list, byCategory: new Map(), perMonth: new Map(list.map((m) => [m, 0])) };
  for (const r of rows) {
    const month = localMonth(r.sentAt);
    if (!out.perMonth.has(month)) continue;
    out.perMonth.set(month, out.perMonth.get(month)! + 1);
    for (const c of categoriesOf(r.verdict)) out.byCategory.set(c, (out.byCategory.get(c) ?? 0) + 1);
  }
  return out;
}
