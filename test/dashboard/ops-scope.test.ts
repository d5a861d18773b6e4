import { describe, expect, it } from "vitest";
import { lastMonths, median } from "../../src/dashboard/chart-data.js";
import { mondayOf, tallyKey } from "../../src/dashboard/pages/duties.js";
import { incidentFilters, incidentState } from "../../src/dashboard/pages/incidents.js";
import { mayReviewModeration, type Scope, seesIncident } from "../../src/dashboard/scope.js";
import {
  dutyTasksWhere,
  flaggedMessagesWhere,
  incidentListWhere,
  incidentsWhere,
} from "../../src/dashboard/scoped-queries.js";
import type { PersonInfo, Role } from "../../src/org/directory.js";

const all: Scope = { kind: "all" };
const itCentre: Scope = { kind: "units", unitIds: new Set(["it-centre", "lab"]) };
const own: Scope = { kind: "own", personId: "feng.er" };
const person = (...roles: [Role, string][]): PersonInfo => ({
  id: "p",
  name: "p",
  locale: null,
  active: true,
  roles: roles.map(([role, unitId]) => ({ role, unitId })),
});

describe("the operations pages' scope filters", () => {
  it("shows an incident to its unit's scope, and to an operator only when they reported it", () => {
    const inc = { unitId: "academic-affairs", reporterPersonId: "feng.er" };
    expect(seesIncident(all, inc)).toBe(true);
    expect(seesIncident(itCentre, inc)).toBe(false);
    expect(seesIncident(itCentre, { ...inc, unitId: "lab" })).toBe(true);
    expect(seesIncident(own, inc)).toBe(true);
    expect(seesIncident(own, { ...inc, reporterPersonId: "wang.wu" })).toBe(false);
  });

  it("always keeps the scope when filtering the incident list, and adds only known filters", () => {
    expect(incidentListWhere(itCentre, {})).toEqual({ AND: [incidentsWhere(itCentre)] });
    expect(incidentListWhere(own, { unitId: "academic-affairs", severity: "major", state: "open" })).toEqual({
      AND: [
        { reporterPersonId: "feng.er" },
        { unitId: "academic-affairs" },
        { severity: "major" },
        { acknowledgedAt: null, closedAt: null },
      ],
    });
    expect(incidentListWhere(all, { state: "closed" })).toEqual({ AND: [{}, { closedAt: { not: null } }] });
    const visible = (id: string) => id === "it-centre";
    expect(incidentFilters(new URLSearchParams("unit=academic-affairs&severity=huge&state=x"), visible)).toEqual({});
    expect(incidentFilters(new URLSearchParams("unit=it-centre&severity=major&state=acknowledged"), visible)).toEqual({
      unitId: "it-centre",
      severity: "major",
      state: "acknowledged",
    });
    expect(incidentState({ closedAt: null, acknowledgedAt: new Date() })).toBe("acknowledged");
  });

  it("limits the review queue and duty tasks to the scope", () => {
    expect(flaggedMessagesWhere(itCentre)).toEqual({
      AND: [
        { version: 0, group: { unitId: { in: ["it-centre", "lab"] } } },
        { actionTaken: { notIn: ["none"] } },
        { NOT: { actionTaken: null } },
      ],
    });
    expect(flaggedMessagesWhere(own).AND).toContainEqual({ version: 0, senderPersonId: "feng.er" });
    expect(dutyTasksWhere(all)).toEqual({});
    expect(dutyTasksWhere(itCentre)).toEqual({ unitId: { in: ["it-centre", "lab"] } });
    expect(dutyTasksWhere(own)).toEqual({ ownerPersonId: "feng.er" });
  });

  it("offers the review queue to security staff and leaders, not to operators", () => {
    expect(mayReviewModeration(person(["unit_head", "computer-dept"]))).toBe(true);
    expect(mayReviewModeration(person(["security_officer", "it-centre"]))).toBe(true);
    expect(mayReviewModeration(person(["operator", "it-centre"]))).toBe(false);
  });
});

describe("the calendar's and charts' arithmetic", () => {
  it("counts duty tasks as dutiesReport does and finds the week's Monday", () => {
    expect(tallyKey({ state: "done", late: false })).toBe("kept");
    expect(tallyKey({ state: "done", late: true })).toBe("late");
    expect(tallyKey({ state: "problem", late: false })).toBe("kept");
    expect(tallyKey({ state: "missed", late: false })).toBe("missed");
    expect(tallyKey({ state: "open", late: false })).toBe("open");
    expect(mondayOf("2026-03-08")).toBe("2026-03-02");
    expect(mondayOf("2026-03-02")).toBe("2026-03-02");
    expect(mondayOf("2026-03-01")).toBe("2026-02-23");
  });

  it("lists the last months in Beijing time and takes medians", () => {
    // 2026-03-31 17:00 UTC is already April 1st in Beijing.
    expect(lastMonths(new Date("2026-03-31T17:00:00Z"), 3)).toEqual(["2026-02", "2026-03", "2026-04"]);
    expect(lastMonths(new Date("2026-01-15T00:00:00Z"), 2)).toEqual(["2025-12", "2026-01"]);
    expect(median([])).toBeNull();
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 2, 10])).toBe(3);
  });
});
