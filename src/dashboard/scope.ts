import type { PersonInfo, Role, UnitInfo } from "../org/directory.js";

/**
 * What a signed-in person may see (谁主管谁负责): the leadership group and the security office see
 * every unit; a unit's heads and security officer see their unit and the units below it; an operator
 * sees only their own items.
 */
export type Scope =
  | { kind: "all" }
  | { kind: "units"; unitIds: ReadonlySet<string> }
  | { kind: "own"; personId: string };

const orgWide: readonly Role[] = ["leadership_group", "security_office"];
const unitWide: readonly Role[] = ["unit_head", "security_head", "security_officer"];

/** Every unit id below (and including) each root, from the flat unit list. */
export function descendants(units: readonly UnitInfo[], roots: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The widest scope any of the person's current roles grants. */
export function scopeFor(person: PersonInfo, units: readonly UnitInfo[]): Scope {
  if (person.roles.some((r) => orgWide.includes(r.role))) return { kind: "all" };
  const roots = person.roles.filter((r) => unitWide.includes(r.role)).map((r) => r.unitId);
  if (roots.length) return { kind: "units", unitIds: descendants(units, roots) };
  return { kind: "own", personId: person.id };
}

/** Whether the scope covers a unit's details (people, groups, bindings). */
export function seesUnit(scope: Scope, unitId: string): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "units") return scope.unitIds.has(unitId);
  return false;
}

/** Whether the scope covers a person: someone holding a role in a visible unit, or oneself. */
export function seesPerson(scope: Scope, person: Pick<PersonInfo, "id" | "roles">): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "own") return person.id === scope.personId;
  return person.roles.some((r) => scope.unitIds.has(r.unitId));
}

/** The unit ids a query must be limited to; null means no limit. */
export function unitLimit(scope: Scope): string[] | null {
  if (scope.kind === "all") return null;
  if (scope.kind === "units") return [...scope.unitIds];
  return [];
}

/** Only the leadership group and the security office may replace the org directory. */
export function mayImportOrg(person: PersonInfo): boolean {
  return person.roles.some((r) => orgWide.includes(r.role));
}

/** Whether the scope covers an incident: its unit is visible, or an operator reported it. */
export function seesIncident(scope: Scope, incident: { unitId: string; reporterPersonId: string | null }): boolean {
  if (scope.kind === "own") return incident.reporterPersonId === scope.personId;
  return seesUnit(scope, incident.unitId);
}

const reviewerRoles: readonly Role[] = [
  "security_officer",
  "security_head",
  "security_office",
  "unit_head",
  "leadership_group",
];

/**
 * Whether the person holds any role that reviews moderation somewhere (security staff, leaders); which
 * groups they may decide on is checked per message against the group's unit.
 */
export function mayReviewModeration(person: PersonInfo): boolean {
  return person.roles.some((r) => reviewerRoles.includes(r.role));
}
