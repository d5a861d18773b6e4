import type { Deadline } from "../../../generated/prisma/client.js";
import type { ChainSnapshot } from "../chain.js";
import type { Tx } from "../service.js";

export type DeadlineRow = Deadline;

export interface NewDeadline {
  incidentId: string;
  kind: "ack" | "duty";
  dutyId?: string | null;
  /** Level of the chain that owns it. */
  level: number;
  chain: ChainSnapshot;
  /** Defaults to everyone at the level. */
  ownerPersonIds?: string[];
  dueAt: Date;
  remindBeforeMs: readonly number[];
  /** Reminders falling before this instant are dropped. */
  from: Date;
  /** The notice its owner is to receive (see Deadline.noticePending). */
  notice: string;
  escalatedFromId?: string;
}

/** Reminder instants: `remindBefore` back from the due time, after `from`, oldest first, no repeats. */
export function remindTimes(dueAt: Date, remindBeforeMs: readonly number[], from: Date): Date[] {
  const times = new Set(remindBeforeMs.map((b) => dueAt.getTime() - b).filter((t) => t > from.getTime()));
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

export async function createDeadline(tx: Tx, d: NewDeadline): Promise<DeadlineRow> {
  const level = d.chain.levels[d.level];
  const owners = d.ownerPersonIds ?? level?.personIds ?? [];
  return tx.deadline.create({
    data: {
      incidentId: d.incidentId,
      kind: d.kind,
      dutyId: d.dutyId ?? null,
      level: d.level,
      ownerPersonId: owners[0] ?? null,
      ownerPersonIds: owners,
      ownerRole: level?.role ?? null,
      ownerUnitId: level?.unitId ?? null,
      dueAt: d.dueAt,
      remindAt: remindTimes(d.dueAt, d.remindBeforeMs, d.from),
      noticePending: d.notice,
      escalatedFromId: d.escalatedFromId ?? null,
    },
  });
}

/** "ack" or the duty id: how commands and buttons name a deadline. */
export function keyOf(row: { kind: string; dutyId: string | null }): string {
  return row.kind === "ack" ? "ack" : (row.dutyId ?? "");
}

/** The open row for a deadline key, else the most recent one. */
export async function currentRow(
  tx: Pick<Tx, "deadline">,
  incidentId: string,
  key: string,
): Promise<DeadlineRow | null> {
  const where = key === "ack" ? { incidentId, kind: "ack" } : { incidentId, kind: "duty", dutyId: key };
  const open = await tx.deadline.findFirst({ where: { ...where, state: "open" } });
  return open ?? (await tx.deadline.findFirst({ where, orderBy: [{ level: "desc" }, { createdAt: "desc" }] }));
}
