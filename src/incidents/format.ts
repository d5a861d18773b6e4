import type { Locale } from "../i18n/i18n.js";
import { m } from "./messages.js";
import type { Severity } from "./policy/schema.js";

// Organisations run on Beijing time; a fixed offset keeps output identical on every machine.
const offsetMs = 8 * 3600_000;

/** "2026-03-02 09:20" in Beijing time. */
export function formatTime(d: Date): string {
  return new Date(d.getTime() + offsetMs).toISOString().slice(0, 16).replace("T", " ");
}

/** ISO 8601 with the +08:00 offset, for transcripts. */
export function isoBeijing(d: Date): string {
  return `${new Date(d.getTime() + offsetMs).toISOString().slice(0, 19)}+08:00`;
}

/** The year incident numbers count in (Beijing time). */
export function beijingYear(d: Date): number {
  return new Date(d.getTime() + offsetMs).getUTCFullYear();
}

function span(ms: number, locale: Locale): string {
  const min = Math.round(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const mm = min % 60;
  const zh = locale === "zh-CN";
  const parts: string[] = [];
  if (d) parts.push(zh ? `${d}天` : `${d}d`);
  if (h) parts.push(zh ? `${h}小时` : `${h}h`);
  if (mm || parts.length === 0) parts.push(zh ? `${mm}分钟` : `${mm}m`);
  return parts.join(zh ? "" : " ");
}

/** "剩余 23小时40分钟" / "overdue by 5m". */
export function formatLeft(due: Date, now: Date, locale: Locale): string {
  const ms = due.getTime() - now.getTime();
  return ms >= 0 ? m(locale, "left", { d: span(ms, locale) }) : m(locale, "overdue", { d: span(-ms, locale) });
}

export function severityName(s: Severity, locale: Locale): string {
  return m(locale, s === "especially_major" ? "seves" : (`sev${s}` as "sevgeneral"));
}
