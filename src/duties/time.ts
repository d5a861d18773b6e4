// Local dates and times in a named time zone (Asia/Shanghai by default). Schedules are written in local
// time, so their instants are computed here rather than with the server's own zone.

export const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof weekdays)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when the runtime knows the zone. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in `tz`. */
export function localParts(at: Date, tz: string) {
  const p = Object.fromEntries(
    formatter(tz)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, tz: string): string {
  return localParts(at, tz).date;
}

/** The instant at which the wall clock in `tz` shows `date` `time` (HH:MM). */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  // The zone's offset at that moment; a second pass settles it across an offset change (DST).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - offsetMs(new Date(guess), tz);
  return new Date(guess);
}

function offsetMs(at: Date, tz: string): number {
  const p = localParts(at, tz);
  const wall = Date.parse(`${p.date}T00:00:00Z`) + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** `date` plus `n` days (calendar arithmetic on YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function weekdayOf(date: string): Weekday {
  return weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** "2026-03-06 14:00" in the zone, for messages. */
export function formatLocal(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.date} ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
}
