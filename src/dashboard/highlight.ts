import { html, type SafeHtml } from "./html.js";

/** A flagged stretch of a message (UTF-16 offsets, end exclusive), as the moderation verdict stores it. */
export interface HighlightSpan {
  start: number;
  end: number;
  category: string;
}

/**
 * The message text with each flagged span wrapped in <mark>; every piece of text is escaped. Spans are
 * clamped to the text, and overlapping ones merge into the first, so the markup always nests correctly.
 */
export function highlightSpans(
  text: string,
  spans: readonly HighlightSpan[],
  label: (category: string) => string = (c) => c,
): SafeHtml {
  const sorted = spans
    .map((s) => ({
      start: Math.max(0, Math.floor(s.start)),
      end: Math.min(text.length, Math.floor(s.end)),
      c: s.category,
    }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number; categories: string[] }[] = [];
  for (const s of sorted) {
    const last = merged.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (!last.categories.includes(s.c)) last.categories.push(s.c);
    } else merged.push({ start: s.start, end: s.end, categories: [s.c] });
  }
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const s of merged) {
    parts.push(html`${text.slice(at, s.start)}`);
    const title = s.categories.map(label).join("、");
    parts.push(
      html`<mark class="hit" data-category="${s.categories.join(" ")}" title="${title}">${text.slice(s.start, s.end)}</mark>`,
    );
    at = s.end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}

/** Reads the spans out of a stored verdict (JSON), ignoring anything malformed. */
export function spansOf(verdict: unknown): HighlightSpan[] {
  const spans = (verdict as { spans?: unknown } | null)?.spans;
  if (!Array.isArray(spans)) return [];
  return spans.filter(
    (s): s is HighlightSpan =>
      typeof s === "object" &&
      s !== null &&
      typeof (s as HighlightSpan).start === "number" &&
      typeof (s as HighlightSpan).end === "number" &&
      typeof (s as HighlightSpan).category === "string",
  );
}

/** The verdict's categories (JSON), ignoring anything malformed. */
export function categoriesOf(verdict: unknown): string[] {
  const c = (verdict as { categories?: unknown } | null)?.categories;
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === "string") : [];
}
