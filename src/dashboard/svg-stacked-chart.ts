import { html, type SafeHtml } from "./html.js";

/** One column of a stacked chart: a label and a value per series (in the series' order). */
export interface StackedColumn {
  label: string;
  values: readonly number[];
}

export interface StackedChartOptions {
  title: string;
  /** Series names, bottom first; each gets the CSS class s0, s1, … and a legend entry. */
  series: readonly string[];
  /** @defaultValue 640 */
  width?: number;
  /** @defaultValue 220 */
  height?: number;
}

/** An inline-SVG stacked bar chart with a legend (no script), scaled to the tallest column. */
export function stackedBarChart(columns: readonly StackedColumn[], options: StackedChartOptions): SafeHtml {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const top = 16;
  const bottom = 44;
  const left = 8;
  const plotH = height - top - bottom;
  const totals = columns.map((c) => c.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const slot = columns.length ? (width - left * 2) / columns.length : 0;
  const barW = Math.max(1, slot * 0.7);
  const bars = columns.map((c, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let y = top + plotH;
    const parts = c.values.map((v, s) => {
      const h = Math.round((v / max) * plotH);
      y -= h;
      return (
        v > 0 &&
        html`<rect class="s${s}" x="${x.toFixed(1)}" y="${y}" width="${barW.toFixed(1)}" height="${h}"><title>${c.label} · ${options.series[s] ?? ""}: ${v}</title></rect>`
      );
    });
    const cx = x + barW / 2;
    return html`<g class="col" data-total="${totals[i]}">${parts}${totals[i]! > 0 && html`<text x="${cx.toFixed(1)}" y="${y - 3}" text-anchor="middle" class="v">${totals[i]}</text>`}<text x="${cx.toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" class="l">${c.label}</text></g>`;
  });
  const legend = options.series.map(
    (name, s) =>
      html`<g class="legend"><rect class="s${s}" x="${left + s * 110}" y="${height - 14}" width="10" height="10"></rect><text x="${left + s * 110 + 14}" y="${height - 5}">${name}</text></g>`,
  );
  return html`<svg class="chart stacked" role="img" aria-label="${options.title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg"><title>${options.title}</title><line x1="${left}" y1="${top + plotH}" x2="${width - left}" y2="${top + plotH}" class="axis"></line>${bars}${legend}</svg>`;
}
