import { dutyOf, type IncidentView } from "../incident-view.js";
import type { IncidentService, Tx } from "../service.js";
import { createDeadline, type DeadlineRow, keyOf } from "./rows.js";

export interface HandUp {
  /** The level of the chain that takes the deadline over. */
  level: number;
  dueAt: Date;
  /** Reminders before this instant are dropped (the moment of the hand-up). */
  from: Date;
  /** The notice the new owners receive (see Deadline.noticePending). */
  notice: string;
  /** Audit actor: "system" for a missed deadline, the person for "escalate now". */
  actor: string;
  /** How a person escalated it (command, button, dashboard); absent for a missed deadline. */
  via?: string;
}

/**
 * Opens the row of the next level for a deadline handed up the chain — missed, or escalated by hand —
 * and audits it, inside the caller's transaction (which has already closed the old row).
 */
export async function openNextLevel(
  svc: IncidentService,
  tx: Tx,
  inc: IncidentView,
  row: DeadlineRow,
  up: HandUp,
): Promise<DeadlineRow> {
  const duty = dutyOf(inc, row.dutyId);
  const nextRow = await createDeadline(tx, {
    incidentId: inc.id,
    kind: row.kind as "ack" | "duty",
    dutyId: row.dutyId,
    level: up.level,
    chain: inc.chain,
    dueAt: up.dueAt,
    remindBeforeMs: row.kind === "ack" ? inc.rule.ack.remindBeforeMs : (duty?.remindBeforeMs ?? []),
    from: up.from,
    notice: up.notice,
    escalatedFromId: row.id,
  });
  const manual = up.via !== undefined;
  await svc.app.audit.append(
    {
      actor: up.actor,
      action: "deadline.escalated",
      subjectType: "incident",
      subjectId: inc.id,
      data: {
        number: inc.number,
        from: row.id,
        deadline: nextRow.id,
        key: keyOf(row),
        owners: nextRow.ownerPersonIds,
        level: up.level,
        dueAt: nextRow.dueAt.toISOString(),
        manual,
        ...(manual ? { via: up.via } : {}),
      },
    },
    tx,
  );
  return nextRow;
}
