import type { Locale } from "../i18n/i18n.js";
import { html, type SafeHtml } from "./html.js";
import { formatDuration, t } from "./messages.js";

/**
 * A live countdown to `due`: rendered from the server's clock, then ticked by the layout's inline script
 * (which reads data-due, data-in and data-over), turning red once overdue.
 */
export function countdown(due: Date, now: Date, locale: Locale): SafeHtml {
  const left = due.getTime() - now.getTime();
  const template = { in: t(locale, "dueIn", { d: "{d}" }), over: t(locale, "overdueBy", { d: "{d}" }) };
  const text = (left >= 0 ? template.in : template.over).replace("{d}", formatDuration(left, locale));
  return html`<time datetime="${due.toISOString()}" data-due="${due.toISOString()}" data-in="${template.in}" data-over="${template.over}" class="${left < 0 ? "overdue" : ""}">${text}</time>`;
}

// Organisations run on Beijing time (no daylight saving): a fixed offset gives exact local times.
const offsetMs = 8 * 3600_000;

/** "2026-03-02 09:20" in Beijing time. */
export function localTime(d: Date): string {
  return new Date(d.getTime() + offsetMs).toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-03-02", the Beijing-time date of an instant. */
export function localDay(d: Date): string {
  return new Date(d.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** "2026-03", the Beijing-time month of an instant. */
export function localMonth(d: Date): string {
  return new Date(d.getTime() + offsetMs).toISOString().slice(0, 7);
}

/** The instant a Beijing-time date (YYYY-MM-DD) starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMs);
}

/** The date `n` days after a YYYY-MM-DD date. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
}
