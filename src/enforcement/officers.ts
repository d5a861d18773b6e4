import type { Directory, PersonInfo, Role } from "../org/directory.js";

// Who answers first for what happens in a group (归属管理): its unit's security officer, else the
// nearest security office, else the unit head — walking up the unit tree for each.
const order: Role[] = ["security_officer", "security_office", "unit_head", "leadership_group"];

/** The people to alert about a group's moderation problem, nearest responsible role first. */
export async function responsibleOfficers(directory: Directory, unitId: string): Promise<PersonInfo[]> {
  const ancestry = await directory.unitAncestry(unitId);
  for (const role of order) {
    for (const unit of ancestry) {
      const holders = await directory.holders(unit.id, role);
      if (holders.length) return holders;
    }
  }
  return [];
}

/** May this person review appeals and moderation in this unit? Security staff and leaders of it or above. */
export async function canReview(
  directory: Directory,
  person: PersonInfo | null,
  unitId: string | null,
): Promise<boolean> {
  if (!person) return false;
  const reviewerRoles: Role[] = [
    "security_officer",
    "security_head",
    "security_office",
    "unit_head",
    "leadership_group",
  ];
  const units = unitId ? new Set((await directory.unitAncestry(unitId)).map((u) => u.id)) : null;
  return person.roles.some(
    (r) =>
      reviewerRoles.includes(r.role) &&
      (units === null ? r.role === "security_office" || r.role === "leadership_group" : units.has(r.unitId)),
  );
}
