import { describe, expect, it } from "vitest";
import { mayImportOrg, scopeFor, seesPerson, seesUnit, unitLimit } from "../../src/dashboard/scope.js";
import type { PersonInfo, Role } from "../../src/org/directory.js";

const units = [
  { id: "school", name: "学校", parentId: null },
  { id: "it-centre", name: "网络中心", parentId: "school" },
  { id: "lab", name: "实验室", parentId: "it-centre" },
  { id: "academic-affairs", name: "教务处", parentId: "school" },
];
const person = (id: string, ...roles: [Role, string][]): PersonInfo => ({
  id,
  name: id,
  locale: null,
  active: true,
  roles: roles.map(([role, unitId]) => ({ role, unitId })),
});

describe("what a dashboard viewer may see", () => {
  it("gives the leadership group and the security office every unit", () => {
    for (const role of ["leadership_group", "security_office"] as const) {
      const scope = scopeFor(person("a", [role, "school"]), units);
      expect(scope).toEqual({ kind: "all" });
      expect(seesUnit(scope, "lab")).toBe(true);
      expect(unitLimit(scope)).toBeNull();
    }
  });

  it("gives unit heads and security staff their unit and every unit below it", () => {
    const scope = scopeFor(person("w", ["security_officer", "it-centre"], ["operator", "academic-affairs"]), units);
    expect(unitLimit(scope)?.sort()).toEqual(["it-centre", "lab"]);
    expect(seesUnit(scope, "school")).toBe(false);
    expect(seesUnit(scope, "academic-affairs")).toBe(false);
    expect(seesPerson(scope, person("x", ["operator", "lab"]))).toBe(true);
    expect(seesPerson(scope, person("y", ["operator", "academic-affairs"]))).toBe(false);
  });

  it("gives an operator only their own items", () => {
    const me = person("op", ["operator", "it-centre"]);
    const scope = scopeFor(me, units);
    expect(scope).toEqual({ kind: "own", personId: "op" });
    expect(seesUnit(scope, "it-centre")).toBe(false);
    expect(seesPerson(scope, me)).toBe(true);
    expect(seesPerson(scope, person("colleague", ["operator", "it-centre"]))).toBe(false);
    expect(unitLimit(scope)).toEqual([]);
  });

  it("lets only org-wide roles re-import the directory", () => {
    expect(mayImportOrg(person("a", ["security_office", "school"]))).toBe(true);
    expect(mayImportOrg(person("b", ["unit_head", "school"]))).toBe(false);
  });
});
