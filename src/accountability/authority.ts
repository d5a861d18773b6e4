import type { Directory, Role } from "../org/directory.js";
import type { ApproverParty } from "./policy/schema.js";

/** A role held in a unit, "security_office@school": how a case names a responsibility, not a person. */
export type Slot = `${Role}@${string}`;

/** For each role, the nearest unit (the unit, then up the tree) where someone active holds it. */
export async function nearestSlots(directory: Directory, unitId: string, roles: readonly Role[]): Promise<Slot[]> {
  const path = await directory.unitAncestry(unitId);
  const slots: Slot[] = [];
  for (const role of roles) {
    for (const u of path) {
      if ((await directory.holders(u.id, role)).some((p) => p.active)) {
        slots.push(`${role}@${u.id}`);
        break;
      }
    }
  }
  return slots;
}

/**
 * The people holding the slots now. Reading the directory at use time is what makes a duty pass to
 * the successor when a role changes hands (篇九 六).
 */
export async function currentHolders(directory: Directory, slots: readonly string[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const slot of slots) {
    const [role, unitId] = slot.split("@") as [Role, string];
    for (const p of await directory.holders(unitId, role)) if (p.active) ids.add(p.id);
  }
  return [...ids].sort();
}

/** Does the person hold one of `roles` in the unit or any unit above it (the unit's or a superior office)? */
export async function holdsAbove(
  directory: Directory,
  personId: string | null,
  unitId: string,
  roles: readonly Role[],
): Promise<boolean> {
  if (!personId) return false;
  const person = await directory.person(personId);
  if (!person?.active) return false;
  const path = new Set((await directory.unitAncestry(unitId)).map((u) => u.id));
  return person.roles.some((r) => roles.includes(r.role) && path.has(r.unitId));
}

/** The nearest holders of `roles` up the tree (the first role somebody holds wins). */
export async function nearestPeople(directory: Directory, unitId: string, roles: readonly Role[]): Promise<string[]> {
  for (const role of roles) {
    const slots = await nearestSlots(directory, unitId, [role]);
    if (slots.length) return currentHolders(directory, slots);
  }
  return [];
}

/** Who may give a joint-decision approval for a party: named people, or the nearest role holders. */
export async function partyPeople(
  directory: Directory,
  party: ApproverParty,
  incidentUnitId: string,
): Promise<string[]> {
  if (party.persons) {
    const out: string[] = [];
    for (const id of party.persons) if ((await directory.person(id))?.active) out.push(id);
    return out;
  }
  const unit = party.unit === "incident" ? incidentUnitId : party.unit;
  return nearestPeople(directory, unit, [party.role!]);
}

/** The unit a person answers in for a case: their role in the incident's unit or above, else their first role. */
export async function unitOfPerson(directory: Directory, personId: string, incidentUnitId: string): Promise<string> {
  const person = await directory.person(personId);
  const path = (await directory.unitAncestry(incidentUnitId)).map((u) => u.id);
  const inPath = person?.roles
    .filter((r) => path.includes(r.unitId))
    .sort((a, b) => path.indexOf(a.unitId) - path.indexOf(b.unitId))[0];
  return inPath?.unitId ?? person?.roles[0]?.unitId ?? incidentUnitId;
}
