import { parseDuration } from "../core/clock.js";
import type { CheckSpec, DutiesPolicy, Roster } from "./policy.js";
import { addDays, daysBetween, localDate, weekdayOf, zonedInstant } from "./time.js";

/** One due instant of a routine duty: a check, a shift handover, or the daily retention purge. */
export interface Occurrence {
  kind: "check" | "handover" | "purge";
  /** Check id, "handover" or "retention". */
  dutyId: string;
  unitId: string;
  at: Date;
}

/** Whether a check runs on a local date, holidays considered. */
export function checkRunsOn(check: CheckSpec, date: string, holidays: readonly string[]): boolean {
  const holiday = holidays.includes(date);
  let base: boolean;
  if (check.everyDays !== undefined && check.from !== undefined) {
    const d = daysBetween(check.from, date);
    base = d >= 0 && d % check.everyDays === 0;
  } else {
    base = check.days === "daily" || check.days.includes(weekdayOf(date));
  }
  if (check.holidays === "skip") return base && !holiday;
  if (check.holidays === "also") return base || holiday;
  return base;
}

/** The instant shift `k` of a roster unit starts (k = 0 is the first shift). */
export function shiftStart(unit: Roster["units"][string], k: number, tz: string): Date {
  const first = zonedInstant(unit.startsOn, unit.changeAt, tz).getTime();
  return new Date(first + k * parseDuration(unit.shift));
}

/** The index of the shift running at `at` (negative before the roster starts). */
export function shiftIndex(unit: Roster["units"][string], at: Date, tz: string): number {
  const first = zonedInstant(unit.startsOn, unit.changeAt, tz).getTime();
  return Math.floor((at.getTime() - first) / parseDuration(unit.shift));
}

/**
 * Every occurrence in (from, to], oldest first. Computed from the specs themselves, so a virtual clock
 * replays exactly what BullMQ's cron schedulers fire under the system clock.
 */
export function occurrencesBetween(policy: DutiesPolicy, roster: Roster, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = [];
  if (to <= from) return out;
  const tz = policy.timezone;
  const inRange = (at: Date) => at > from && at <= to;
  // One day of slack each side: a local date can start before `from` in UTC.
  const first = addDays(localDate(from, tz), -1);
  const days = daysBetween(first, localDate(to, tz)) + 1;
  for (let i = 0; i <= days; i++) {
    const date = addDays(first, i);
    for (const [dutyId, check] of Object.entries(policy.checks)) {
      if (!checkRunsOn(check, date, policy.holidays)) continue;
      const at = zonedInstant(date, check.at, tz);
      if (inRange(at)) for (const unitId of check.units) out.push({ kind: "check", dutyId, unitId, at });
    }
    const purge = zonedInstant(date, policy.retention.purgeAt, tz);
    if (inRange(purge)) out.push({ kind: "purge", dutyId: "retention", unitId: "", at: purge });
  }
  for (const [unitId, unit] of Object.entries(roster.units)) {
    // A handover is due when a shift ends, i.e. when the next one starts.
    for (let k = Math.max(1, shiftIndex(unit, from, tz) + 1); ; k++) {
      const at = shiftStart(unit, k, tz);
      if (at > to) break;
      if (inRange(at)) out.push({ kind: "handover", dutyId: "handover", unitId, at });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.dutyId.localeCompare(b.dutyId));
}

/** A cron pattern (minute hour * * weekdays) that fires at least whenever the check can; the handler filters. */
export function cronPatternFor(check: Pick<CheckSpec, "at" | "days" | "everyDays" | "holidays">): string {
  const [h, m] = check.at.split(":").map(Number) as [number, number];
  const daily = check.days === "daily" || check.everyDays !== undefined || check.holidays === "also";
  const dow = daily ? "*" : (check.days as string[]).map((d) => weekdayNumber(d)).join(",");
  return `${m} ${h} * * ${dow}`;
}

function weekdayNumber(d: string): number {
  return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].indexOf(d);
}
