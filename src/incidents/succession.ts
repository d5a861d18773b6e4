import type { ChainSnapshot } from "./chain.js";
import { allJobIds, jobsFor } from "./deadlines/jobs.js";
import { keyOf } from "./deadlines/rows.js";
import { deliverPending } from "./notices.js";
import type { IncidentService } from "./service.js";

/**
 * Responsibility does not lapse when a leader changes (篇九 六): an open deadline whose owner has left
 * the role it was assigned through (the role ended, or the person is no longer active) passes to the
 * role's current holders in that unit, who are told. A deadline someone reassigned by hand to a person
 * outside the role is left alone. Returns how many deadlines changed hands.
 */
export async function inheritOpenDeadlines(svc: IncidentService): Promise<number> {
  const { prisma, app } = svc;
  const now = svc.now();
  const rows = await prisma.deadline.findMany({
    where: { state: "open", incidentId: { not: null } },
    include: { incident: { select: { id: true, number: true, chainSnapshot: true } } },
  });
  let changed = 0;
  for (const row of rows) {
    const chain = row.incident?.chainSnapshot as ChainSnapshot | undefined;
    const level = chain?.levels[row.level];
    if (!row.incident || !level || level.onDuty) continue;
    const holders = (await app.directory.holders(level.unitId, level.role)).map((p) => p.id);
    if (holders.length === 0) continue;
    const gone: string[] = [];
    for (const id of row.ownerPersonIds) {
      if (holders.includes(id)) continue;
      const person = await app.directory.person(id);
      const held = await prisma.roleAssignment.findFirst({
        where: { personId: id, unitId: level.unitId, role: level.role },
      });
      if (person?.active === false || (held?.until && held.until.getTime() <= now.getTime())) gone.push(id);
    }
    if (gone.length === 0) continue;
    const owners = [
      ...row.ownerPersonIds.filter((id) => !gone.includes(id)),
      ...holders.filter((id) => !row.ownerPersonIds.includes(id)),
    ];
    const updated = await prisma.$transaction(async (tx) => {
      const r = await tx.deadline.updateMany({
        where: { id: row.id, version: row.version, state: "open" },
        data: {
          ownerPersonId: owners[0] ?? null,
          ownerPersonIds: owners,
          version: { increment: 1 },
          noticePending: "reassigned:system",
          notices: [],
        },
      });
      if (r.count !== 1) return null;
      await app.audit.append(
        {
          actor: "system",
          action: "deadline.inherited",
          subjectType: "incident",
          subjectId: row.incident!.id,
          data: {
            number: row.incident!.number,
            deadline: row.id,
            key: keyOf(row),
            from: gone,
            to: owners,
            version: row.version + 1,
          },
        },
        tx,
      );
      return tx.deadline.findUniqueOrThrow({ where: { id: row.id } });
    });
    if (!updated) continue;
    changed += 1;
    await svc.timers.cancel(allJobIds(row));
    await svc.timers.schedule(jobsFor(updated));
    await deliverPending(svc, row.incident.id);
  }
  return changed;
}
