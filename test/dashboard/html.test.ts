import { describe, expect, it } from "vitest";
import { html, unsafeRaw } from "../../src/dashboard/html.js";
import { barChart } from "../../src/dashboard/svg-bar-chart.js";

describe("the html template", () => {
  it("escapes every interpolation by default", () => {
    const name = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it("keeps nested templates and explicitly trusted markup, joins arrays and drops null, undefined and false", () => {
    const items = ["a<b", "c"].map((s) => html`<li>${s}</li>`);
    const hidden = false as boolean;
    expect(html`<ul>${items}</ul>${hidden && html`<b>no</b>`}${null}${undefined}${unsafeRaw("<hr>")}${0}`.value).toBe(
      "<ul><li>a&lt;b</li><li>c</li></ul><hr>0",
    );
  });
});

describe("the inline SVG bar chart", () => {
  it("draws one bar per value, scaled to the largest, with escaped labels", () => {
    const svg = barChart(
      [
        { label: "<a>", value: 2 },
        { label: "b", value: 4 },
        { label: "c", value: 0 },
      ],
      { title: "T & co", width: 300, height: 100 },
    ).value;
    expect(svg.match(/<g class="bar">/g)).toHaveLength(3);
    const heights = [...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
    // 100 high minus 16 top and 28 bottom margins: the largest bar gets all 56 pixels.
    expect(heights).toEqual([28, 56, 0]);
    expect(svg).toContain("<title>T &amp; co</title>");
    expect(svg).toContain("&lt;a&gt;: 2");
    expect(svg).not.toContain("<a>");
  });

  it("draws an empty chart without dividing by zero", () => {
    const svg = barChart([{ label: "x", value: 0 }], { title: "empty" }).value;
    expect(svg).toContain('height="0"');
    expect(svg).not.toContain("NaN");
  });
});
