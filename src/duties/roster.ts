import type { AppContext } from "../app/context.js";
import { shiftIndex, shiftStart } from "./schedule.js";
import { type DutiesService, dutiesServiceOf } from "./service.js";
import { localDate } from "./time.js";

/** The person the rotation puts on duty at `at`, before swaps; null when the unit has no roster. */
export function rotationPerson(svc: DutiesService, unitId: string, at: Date): string | null {
  const unit = svc.roster.units[unitId];
  if (!unit) return null;
  const k = shiftIndex(unit, at, svc.tz);
  const n = unit.rotation.length;
  return unit.rotation[((k % n) + n) % n] ?? null;
}

/** Who is on duty in a unit at an instant: the rotation, then any accepted swap for that local date. */
export async function onDutyAt(svc: DutiesService, unitId: string, at: Date): Promise<string | null> {
  const base = rotationPerson(svc, unitId, at);
  if (!base) return null;
  const swap = await svc.prisma.dutySwap.findFirst({
    where: { unitId, date: localDate(at, svc.tz), state: "accepted", fromPersonId: base },
    orderBy: { decidedAt: "desc" },
  });
  return swap?.toPersonId ?? base;
}

/**
 * Who is on duty in `unitId` at `at` (person id), or null when the unit keeps no roster. The incidents
 * chain can call this to put the person on duty first.
 */
export async function onDutyFor(app: AppContext, unitId: string, at: Date): Promise<string | null> {
  return onDutyAt(dutiesServiceOf(app), unitId, at);
}

/** The shift running at `at` in a roster unit. */
export function shiftAt(svc: DutiesService, unitId: string, at: Date): { start: Date; end: Date } | null {
  const unit = svc.roster.units[unitId];
  if (!unit) return null;
  const k = shiftIndex(unit, at, svc.tz);
  return { start: shiftStart(unit, k, svc.tz), end: shiftStart(unit, k + 1, svc.tz) };
}

/** Roster units where `personId` is on duty at `at`. */
export async function unitsOnDuty(svc: DutiesService, personId: string, at: Date): Promise<string[]> {
  const out: string[] = [];
  for (const unitId of Object.keys(svc.roster.units)) {
    if ((await onDutyAt(svc, unitId, at)) === personId) out.push(unitId);
  }
  return out;
}
