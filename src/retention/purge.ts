import type { AuditLog } from "../audit/audit-log.js";
import type { Clock } from "../core/clock.js";
import type { PrismaClient } from "../db/database.js";

export interface PurgeResult {
  cutoff: Date;
  messages: number;
  evidence: number;
  audit: number;
}

/** Incident states after which a case's evidence is no longer held beyond retention. */
export const closedIncidentStates = ["closed"] as const;

/**
 * Removes stored messages, evidence and audit rows older than `keepMs`, except what open cases still
 * need (DOMAIN.md §7: logs kept no less than two months; original logs kept on incidents). Runs in one
 * transaction with the purge flag the append-only triggers look for. Audit rows go only as an unbroken
 * oldest-first prefix, so the remaining chain still verifies from its first row.
 */
export async function purgeExpired(
  prisma: PrismaClient,
  options: { clock: Clock; keepMs: number; audit?: AuditLog },
): Promise<PurgeResult> {
  const cutoff = new Date(options.clock.now().getTime() - options.keepMs);
  const closed = [...closedIncidentStates];
  const result = await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL watchkeeper.retention_purge = 'on'`);
    const evidence = await tx.$executeRawUnsafe(
      `DELETE FROM "Evidence" e USING "Incident" i
        WHERE e."incidentId" = i."id" AND i."state" = ANY($1::text[]) AND e."addedAt" < $2`,
      closed,
      cutoff,
    );
    // Messages still frozen as evidence (of open cases) stay; the foreign key would refuse them anyway.
    const messages = await tx.$executeRawUnsafe(
      `DELETE FROM "StoredMessage" m
        WHERE m."receivedAt" < $1 AND NOT EXISTS (SELECT 1 FROM "Evidence" e WHERE e."messageId" = m."id")`,
      cutoff,
    );
    // The oldest audit row that must stay: recent ones, and any row about an incident still open.
    const [keep] = await tx.$queryRawUnsafe<{ seq: bigint | null }[]>(
      `SELECT min(a."seq") AS seq FROM "AuditEntry" a
        WHERE a."at" >= $1
           OR (a."subjectType" = 'incident' AND a."subjectId" IN
                (SELECT i."id" FROM "Incident" i WHERE NOT (i."state" = ANY($2::text[]))))`,
      cutoff,
      closed,
    );
    const audit =
      keep?.seq != null
        ? await tx.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "seq" < $1`, keep.seq)
        : await tx.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "at" < $1`, cutoff);
    return { cutoff, messages, evidence, audit };
  });
  await options.audit?.append({
    actor: "system",
    action: "retention.purged",
    subjectType: "retention",
    subjectId: cutoff.toISOString().slice(0, 10),
    data: { cutoff: cutoff.toISOString(), messages: result.messages, evidence: result.evidence, audit: result.audit },
  });
  return result;
}
