import { html, type SafeHtml } from "./html.js";

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** Accessible title (also shown as the SVG <title>). */
  title: string;
  /** @defaultValue 640 */
  width?: number;
  /** @defaultValue 200 */
  height?: number;
  /** Show every n-th label under the axis, so dense charts stay readable. @defaultValue 1 */
  labelEvery?: number;
}

/** A self-contained inline-SVG bar chart (no script, no external assets), scaled to the largest value. */
export function barChart(bars: readonly Bar[], options: BarChartOptions): SafeHtml {
  const width = options.width ?? 640;
  const height = options.height ?? 200;
  const every = Math.max(1, options.labelEvery ?? 1);
  const top = 16;
  const bottom = 28;
  const left = 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = bars.length ? (width - left * 2) / bars.length : 0;
  const barW = Math.max(1, slot * 0.7);
  const rects = bars.map((b, i) => {
    const h = Math.round((b.value / max) * plotH);
    const x = left + i * slot + (slot - barW) / 2;
    const y = top + plotH - h;
    const cx = x + barW / 2;
    return html`<g class="bar"><title>${b.label}: ${b.value}</title><rect x="${x.toFixed(1)}" y="${y}" width="${barW.toFixed(1)}" height="${h}" rx="2"></rect>${
      b.value > 0 && html`<text x="${cx.toFixed(1)}" y="${y - 3}" text-anchor="middle" class="v">${b.value}</text>`
    }${i % every === 0 && html`<text x="${cx.toFixed(1)}" y="${height - 10}" text-anchor="middle" class="l">${b.label}</text>`}</g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${options.title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg"><title>${options.title}</title><line x1="${left}" y1="${top + plotH}" x2="${width - left}" y2="${top + plotH}" class="axis"></line>${rects}</svg>`;
}
