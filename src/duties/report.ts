import type { PrismaClient } from "../db/database.js";
import { addDays, zonedInstant } from "./time.js";

export interface DutyFigures {
  unitId: string;
  dutyId: string;
  /** Done (or a problem reported) in time. */
  kept: number;
  /** Done after the deadline. */
  late: number;
  /** Not done at all. */
  missed: number;
  /** Not yet due. */
  open: number;
}

/** Duties scheduled between two local dates (inclusive), per unit and duty: kept, late, missed. */
export async function dutiesReport(
  prisma: PrismaClient,
  options: { from: string; to: string; unitId?: string; timezone?: string },
): Promise<DutyFigures[]> {
  const tz = options.timezone ?? "Asia/Shanghai";
  const rows = await prisma.dutyTask.findMany({
    where: {
      scheduledAt: {
        gte: zonedInstant(options.from, "00:00", tz),
        lt: zonedInstant(addDays(options.to, 1), "00:00", tz),
      },
      ...(options.unitId ? { unitId: options.unitId } : {}),
    },
    select: { unitId: true, dutyId: true, state: true, late: true },
  });
  const figures = new Map<string, DutyFigures>();
  for (const r of rows) {
    const key = `${r.unitId}\u0000${r.dutyId}`;
    let f = figures.get(key);
    if (!f) {
      f = { unitId: r.unitId, dutyId: r.dutyId, kept: 0, late: 0, missed: 0, open: 0 };
      figures.set(key, f);
    }
    if (r.state === "missed") f.missed += 1;
    else if (r.state === "open") f.open += 1;
    else if (r.late) f.late += 1;
    else f.kept += 1;
  }
  return [...figures.values()].sort((a, b) => a.unitId.localeCompare(b.unitId) || a.dutyId.localeCompare(b.dutyId));
}

/** The figures as an aligned text table, one unit total line after each unit's duties. */
export function formatDutiesReport(figures: DutyFigures[]): string {
  const lines = [["unit", "duty", "kept", "late", "missed", "open"]];
  const units = [...new Set(figures.map((f) => f.unitId))];
  for (const unitId of units) {
    const mine = figures.filter((f) => f.unitId === unitId);
    for (const f of mine) lines.push([f.unitId, f.dutyId, ...[f.kept, f.late, f.missed, f.open].map(String)]);
    const sum = (k: "kept" | "late" | "missed" | "open") => String(mine.reduce((n, f) => n + f[k], 0));
    lines.push([unitId, "(total)", sum("kept"), sum("late"), sum("missed"), sum("open")]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return `${lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}
