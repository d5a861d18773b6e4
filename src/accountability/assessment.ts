import type { PrismaClient } from "../db/database.js";
import { sanctionKinds } from "./policy/schema.js";

export interface AssessmentOptions {
  year: number;
  /** Only this unit and the units below it. */
  unitId?: string;
}

/** One person's or unit's year, for the annual assessment (年度考核). */
export interface AssessmentRow {
  kind: "person" | "unit";
  id: string;
  name: string;
  unitId: string;
  /** Distinct incidents in which they were named responsible. */
  incidents: number;
  incidentNumbers: string[];
  /** conduct id → times. */
  conducts: Record<string, number>;
  /** sanction id (or "none", "no_liability", "pending") → times. */
  sanctions: Record<string, number>;
}

export interface AssessmentReport {
  year: number;
  unitId: string | null;
  people: AssessmentRow[];
  units: AssessmentRow[];
}

const bump = (r: Record<string, number>, k: string) => {
  r[k] = (r[k] ?? 0) + 1;
};

/**
 * Per person and per unit: the incidents of the year they were named responsible in, the conduct, and
 * the sanctions decided. A person's row also counts towards their unit's row.
 */
export async function assessmentReport(prisma: PrismaClient, options: AssessmentOptions): Promise<AssessmentReport> {
  const units = await prisma.unit.findMany({ select: { id: true, name: true, parentId: true } });
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  let allowed: Set<string> | null = null;
  if (options.unitId) {
    // The unit and everything below it.
    allowed = new Set([options.unitId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of units)
        if (u.parentId && allowed.has(u.parentId) && !allowed.has(u.id)) {
          allowed.add(u.id);
          grew = true;
        }
    }
  }
  const cases = await prisma.accountabilityCase.findMany({
    where: { year: options.year },
    select: { id: true, number: true },
  });
  const numberOf = new Map(cases.map((c) => [c.id, c.number]));
  const subjects = await prisma.caseSubject.findMany({
    where: { caseId: { in: cases.map((c) => c.id) } },
    orderBy: [{ caseId: "asc" }, { seq: "asc" }],
  });
  const personIds = [...new Set(subjects.flatMap((s) => (s.personId ? [s.personId] : [])))];
  const people = await prisma.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } });
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const rows = new Map<string, AssessmentRow>();
  const row = (kind: "person" | "unit", id: string, unitId: string): AssessmentRow => {
    const key = `${kind}:${id}`;
    let r = rows.get(key);
    if (!r) {
      const name = (kind === "person" ? personName.get(id) : unitName.get(id)) ?? id;
      r = { kind, id, name, unitId, incidents: 0, incidentNumbers: [], conducts: {}, sanctions: {} };
      rows.set(key, r);
    }
    return r;
  };
  for (const s of subjects) {
    if (allowed && !allowed.has(s.unitId)) continue;
    const outcome =
      s.state === "decided" ? (s.sanction ?? "none") : s.state === "no_liability" ? "no_liability" : "pending";
    const number = numberOf.get(s.caseId)!;
    const targets = [row("unit", s.unitId, s.unitId)];
    if (s.personId) targets.push(row("person", s.personId, s.unitId));
    for (const r of targets) {
      if (!r.incidentNumbers.includes(number)) r.incidentNumbers.push(number);
      r.incidents = r.incidentNumbers.length;
      bump(r.conducts, s.conduct);
      bump(r.sanctions, outcome);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    year: options.year,
    unitId: options.unitId ?? null,
    people: sorted.filter((r) => r.kind === "person"),
    units: sorted.filter((r) => r.kind === "unit"),
  };
}

const outcomes = [...sanctionKinds, "none", "no_liability", "pending"] as const;

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as Markdown (two tables) or CSV (one table, a `kind` column). */
export function renderAssessment(r: AssessmentReport, format: "md" | "csv"): string {
  const all = [...r.units, ...r.people];
  const conductCell = (row: AssessmentRow) =>
    Object.entries(row.conducts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}×${n}`)
      .join("; ");
  if (format === "csv") {
    const head = ["kind", "id", "name", "unit", "incidents", "incident_numbers", "conducts", ...outcomes];
    const lines = [head.join(",")];
    for (const row of all)
      lines.push(
        [
          row.kind,
          row.id,
          row.name,
          row.unitId,
          row.incidents,
          row.incidentNumbers.join(" "),
          conductCell(row),
          ...outcomes.map((o) => row.sanctions[o] ?? 0),
        ]
          .map(csvCell)
          .join(","),
      );
    return `${lines.join("\n")}\n`;
  }
  const table = (title: string, rows: AssessmentRow[]) => {
    const head = `| id | name | unit | incidents | conduct | ${outcomes.join(" | ")} |`;
    const sep = `|${" --- |".repeat(5 + outcomes.length)}`;
    const body = rows.map(
      (row) =>
        `| ${row.id} | ${row.name} | ${row.unitId} | ${row.incidents} (${row.incidentNumbers.join(", ")}) | ${conductCell(row)} | ${outcomes.map((o) => row.sanctions[o] ?? 0).join(" | ")} |`,
    );
    return [`## ${title}`, "", head, sep, ...(body.length ? body : ["| – |"]), ""].join("\n");
  };
  return [
    `# 年度考核：网络安全责任追究 ${r.year}${r.unitId ? `（${r.unitId}）` : ""}`,
    "",
    table("单位 / Units", r.units),
    table("人员 / People", r.people),
  ].join("\n");
}
