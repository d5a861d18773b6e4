import type { Directory, Role } from "../org/directory.js";

/** One level of the responsibility chain: a role, the unit where it was found, and its holders. */
export interface ChainLevel {
  role: Role;
  unitId: string;
  personIds: string[];
  /** The person on duty, put first for their shift; answers with the first level's role and windows. */
  onDuty?: boolean;
}

/** The chain frozen into an incident (Incident.chainSnapshot): nearest level first. */
export interface ChainSnapshot {
  unitId: string;
  levels: ChainLevel[];
  /** Display names of everyone in the chain, so messages never need the live directory. */
  names: Record<string, string>;
}

export interface Holder {
  id: string;
  name: string;
}

/**
 * 谁主管谁负责: for each role of the policy chain, in order, the nearest unit from `unitPath` (the
 * incident's unit first, then its ancestors) where someone holds it. Roles nobody holds are skipped.
 */
export function resolveChain(
  roles: readonly Role[],
  unitPath: readonly string[],
  holdersOf: (unitId: string, role: Role) => Holder[],
): ChainSnapshot {
  const levels: ChainLevel[] = [];
  const names: Record<string, string> = {};
  for (const role of roles) {
    for (const unitId of unitPath) {
      const hs = holdersOf(unitId, role);
      if (hs.length === 0) continue;
      const sorted = [...hs].sort((a, b) => a.id.localeCompare(b.id));
      for (const h of sorted) names[h.id] = h.name;
      levels.push({ role, unitId, personIds: sorted.map((h) => h.id) });
      break;
    }
  }
  return { unitId: unitPath[0] ?? "", levels, names };
}

/** Reads the holders from the directory, then resolves the chain. */
export async function chainFor(directory: Directory, roles: readonly Role[], unitId: string): Promise<ChainSnapshot> {
  const path = (await directory.unitAncestry(unitId)).map((u) => u.id);
  const table = new Map<string, Holder[]>();
  for (const u of path) {
    for (const r of roles)
      table.set(
        `${u}/${r}`,
        (await directory.holders(u, r)).filter((p) => p.active).map((p) => ({ id: p.id, name: p.name })),
      );
  }
  return resolveChain(roles, path.length ? path : [unitId], (u, r) => table.get(`${u}/${r}`) ?? []);
}

/**
 * Puts the person on duty in front of the chain for their shift, unless they are in the chain already
 * (a leader on duty answers at their own level). Their level carries the first level's role, so it
 * gets that role's windows and duties.
 */
export function withOnDuty(chain: ChainSnapshot, person: Holder | null): ChainSnapshot {
  const first = chain.levels[0];
  if (!person || !first || chain.levels.some((l) => l.personIds.includes(person.id))) return chain;
  return {
    ...chain,
    levels: [{ role: first.role, unitId: chain.unitId, personIds: [person.id], onDuty: true }, ...chain.levels],
    names: { ...chain.names, [person.id]: person.name },
  };
}

/**
 * The level that owns something assigned to `role`: that role's level, or when nobody holds it, the
 * nearest level above it; the top level when nothing is above.
 */
export function levelForRole(chain: ChainSnapshot, roles: readonly Role[], role: Role): number {
  const want = roles.indexOf(role);
  const i = chain.levels.findIndex((l) => roles.indexOf(l.role) >= want);
  return i >= 0 ? i : chain.levels.length - 1;
}

/** Who takes over from `level`: the next level, or the level of a named role when it is higher. Null at the top. */
export function nextLevel(
  chain: ChainSnapshot,
  roles: readonly Role[],
  level: number,
  to: "next" | Role = "next",
): number | null {
  if (to !== "next") {
    const l = levelForRole(chain, roles, to);
    if (l > level) return l;
  }
  return level + 1 < chain.levels.length ? level + 1 : null;
}

/** Only the owner of a deadline, or someone at its level or above in the chain, may act on it. */
export function mayAct(
  chain: ChainSnapshot,
  deadline: { level: number; ownerPersonIds: readonly string[] },
  personId: string | null,
): boolean {
  if (!personId) return false;
  if (deadline.ownerPersonIds.includes(personId)) return true;
  return chain.levels.slice(Math.max(0, deadline.level)).some((l) => l.personIds.includes(personId));
}
