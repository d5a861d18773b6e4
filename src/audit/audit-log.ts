import { canonicalJson, sha256 } from "../core/canonical-json.js";
import type { Clock } from "../core/clock.js";
import type { PrismaClient } from "../db/database.js";

/** The hash before the first row ever written. */
export const genesisHash = "0".repeat(64);

export interface AuditRecord {
  /** Person id, "system", or "platform:externalId" for people not in the directory. */
  actor: string;
  /** Dotted verb, e.g. "incident.opened", "deadline.missed", "ack.refused". */
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

export interface AuditRow extends Required<AuditRecord> {
  seq: bigint;
  at: Date;
  prevHash: string;
  hash: string;
}

/** The hash of one row: its content and the previous row's hash. */
export function auditHash(
  prevHash: string,
  row: { at: Date; actor: string; action: string; subjectType: string; subjectId: string; data: unknown },
): string {
  return sha256(
    prevHash +
      canonicalJson({
        at: row.at,
        actor: row.actor,
        action: row.action,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        data: row.data,
      }),
  );
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Serialises appends across processes; each row's hash needs the previous one.
const chainLock = 72_707_370;

export type VerifyResult = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: bigint; reason: string };

/** Append-only, hash-chained audit log. */
export class AuditLog {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  /** Appends one record; inside `tx` when given, so it commits with the change it records. */
  async append(record: AuditRecord, tx?: Tx): Promise<AuditRow> {
    if (tx) return this.appendIn(tx, record);
    return this.prisma.$transaction((t) => this.appendIn(t, record));
  }

  private async appendIn(tx: Tx, record: AuditRecord): Promise<AuditRow> {
    await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${chainLock})::text AS locked`);
    const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const prevHash = last?.hash ?? genesisHash;
    const at = this.clock.now();
    const data = JSON.parse(canonicalJson(record.data ?? {})) as Record<string, unknown>;
    const row = {
      at,
      actor: record.actor,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      data,
    };
    const hash = auditHash(prevHash, row);
    const created = await tx.auditEntry.create({ data: { ...row, data: data as object, prevHash, hash } });
    return { ...row, seq: created.seq, prevHash, hash };
  }

  /** Rows about one subject, oldest first. */
  async history(subjectType: string, subjectId: string): Promise<AuditRow[]> {
    const rows = await this.prisma.auditEntry.findMany({ where: { subjectType, subjectId }, orderBy: { seq: "asc" } });
    return rows.map((r) => ({ ...r, data: r.data as Record<string, unknown> }));
  }

  /**
   * Walks the chain in order and reports the first row whose hash or link does not match. The first
   * remaining row anchors the chain (older rows may have been purged by retention).
   */
  async verify(batch = 1000): Promise<VerifyResult> {
    let prev: string | undefined;
    let count = 0;
    let after: bigint | undefined;
    for (;;) {
      const rows = await this.prisma.auditEntry.findMany({
        where: after === undefined ? {} : { seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: batch,
      });
      if (rows.length === 0) return { ok: true, rows: count };
      for (const r of rows) {
        if (prev !== undefined && r.prevHash !== prev) {
          return {
            ok: false,
            rows: count,
            brokenAt: r.seq,
            reason: "link to the previous row does not match (a row was removed or reordered)",
          };
        }
        if (auditHash(r.prevHash, r) !== r.hash) {
          return {
            ok: false,
            rows: count,
            brokenAt: r.seq,
            reason: "content does not match its hash (the row was altered)",
          };
        }
        prev = r.hash;
        count += 1;
      }
      after = rows[rows.length - 1]!.seq;
    }
  }
}
