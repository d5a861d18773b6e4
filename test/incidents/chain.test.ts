import { describe, expect, it } from "vitest";
import { levelForRole, mayAct, nextLevel, resolveChain } from "../../src/incidents/chain.js";
import type { Role } from "../../src/org/directory.js";

const roles: Role[] = ["security_officer", "unit_head", "security_office", "leadership_group"];

/** A tiny org: who holds which role where. */
function org(table: Record<string, Partial<Record<Role, string[]>>>) {
  return (unitId: string, role: Role) => (table[unitId]?.[role] ?? []).map((id) => ({ id, name: id.toUpperCase() }));
}

describe("the responsibility chain (谁主管谁负责)", () => {
  it("takes each role from the incident's unit, nearest first", () => {
    const chain = resolveChain(
      roles,
      ["lab", "dept", "school"],
      org({
        lab: { security_officer: ["a"], unit_head: ["b"] },
        school: { security_office: ["c"], leadership_group: ["e", "d"] },
      }),
    );
    expect(chain.levels).toEqual([
      { role: "security_officer", unitId: "lab", personIds: ["a"] },
      { role: "unit_head", unitId: "lab", personIds: ["b"] },
      { role: "security_office", unitId: "school", personIds: ["c"] },
      { role: "leadership_group", unitId: "school", personIds: ["d", "e"] },
    ]);
    expect(chain.names).toMatchObject({ a: "A", d: "D" });
  });

  it("walks up the unit tree to the nearest unit holding a role", () => {
    const chain = resolveChain(
      roles,
      ["lab", "dept", "school"],
      org({
        dept: { security_officer: ["x"], unit_head: ["y"] },
        school: { unit_head: ["z"], security_office: ["c"] },
      }),
    );
    expect(chain.levels.map((l) => [l.role, l.unitId, l.personIds.join()])).toEqual([
      ["security_officer", "dept", "x"],
      ["unit_head", "dept", "y"],
      ["security_office", "school", "c"],
    ]);
  });

  it("skips levels nobody holds", () => {
    const chain = resolveChain(
      roles,
      ["lab", "school"],
      org({ lab: { unit_head: ["b"] }, school: { leadership_group: ["d"] } }),
    );
    expect(chain.levels.map((l) => l.role)).toEqual(["unit_head", "leadership_group"]);
    // A duty owned by the (empty) security office falls to the next level above it.
    expect(levelForRole(chain, roles, "security_office")).toBe(1);
    expect(levelForRole(chain, roles, "security_officer")).toBe(0);
  });

  it("finds who is next, or nobody at the top", () => {
    const chain = resolveChain(
      roles,
      ["u"],
      org({ u: { security_officer: ["a"], unit_head: ["b"], security_office: ["c"], leadership_group: ["d"] } }),
    );
    expect(nextLevel(chain, roles, 0)).toBe(1);
    expect(nextLevel(chain, roles, 2, "leadership_group")).toBe(3);
    expect(nextLevel(chain, roles, 0, "leadership_group")).toBe(3);
    expect(nextLevel(chain, roles, 3)).toBeNull();
  });

  it("lets only the owner or someone at their level or above act", () => {
    const chain = resolveChain(
      roles,
      ["u"],
      org({ u: { security_officer: ["a"], unit_head: ["b"], security_office: ["c"], leadership_group: ["d"] } }),
    );
    const atOfficeLevel = { level: 2, ownerPersonIds: ["c"] };
    expect(mayAct(chain, atOfficeLevel, "c")).toBe(true);
    expect(mayAct(chain, atOfficeLevel, "d")).toBe(true);
    expect(mayAct(chain, atOfficeLevel, "b")).toBe(false);
    expect(mayAct(chain, atOfficeLevel, "stranger")).toBe(false);
    expect(mayAct(chain, atOfficeLevel, null)).toBe(false);
    // A reassigned deadline belongs to its new owner even from outside the chain.
    expect(mayAct(chain, { level: 0, ownerPersonIds: ["outsider"] }, "outsider")).toBe(true);
  });
});
