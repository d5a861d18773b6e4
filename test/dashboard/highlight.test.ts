import { describe, expect, it } from "vitest";
import { categoriesOf, highlightSpans, spansOf } from "../../src/dashboard/highlight.js";

describe("highlighting a flagged message's spans", () => {
  it("wraps each span in a mark and escapes the text inside and around it", () => {
    const text = `<b>hi</b> 赌博 & "下注" <script>`;
    const start = text.indexOf("赌博");
    const out = highlightSpans(text, [{ start, end: start + 2, category: "gambling" }], () => `<i>赌博</i>`).value;
    expect(out).toBe(
      `&lt;b&gt;hi&lt;/b&gt; <mark class="hit" data-category="gambling" title="&lt;i&gt;赌博&lt;/i&gt;">赌博</mark> &amp; &quot;下注&quot; &lt;script&gt;`,
    );
  });

  it("escapes markup that falls inside a span", () => {
    const text = "x<img src=x onerror=alert(1)>y";
    const out = highlightSpans(text, [{ start: 1, end: text.length - 1, category: "malware" }]).value;
    expect(out).toBe(
      `x<mark class="hit" data-category="malware" title="malware">&lt;img src=x onerror=alert(1)&gt;</mark>y`,
    );
    expect(out).not.toContain("<img");
  });

  it("merges overlapping spans, keeps order, and clamps spans that run past the text", () => {
    const out = highlightSpans("abcdefgh", [
      { start: 5, end: 99, category: "rumor" },
      { start: 0, end: 3, category: "gambling" },
      { start: 2, end: 4, category: "violence" },
      { start: -4, end: 0, category: "nothing" },
      { start: 7, end: 6, category: "backwards" },
    ]).value;
    expect(out).toBe(
      '<mark class="hit" data-category="gambling violence" title="gambling、violence">abcd</mark>e<mark class="hit" data-category="rumor" title="rumor">fgh</mark>',
    );
  });

  it("reads spans and categories from a stored verdict, ignoring anything malformed", () => {
    const verdict = {
      categories: ["gambling", 3, null],
      spans: [{ start: 0, end: 2, term: "赌博", category: "gambling" }, { start: "0" }, null, 7],
    };
    expect(spansOf(verdict)).toEqual([{ start: 0, end: 2, term: "赌博", category: "gambling" }]);
    expect(categoriesOf(verdict)).toEqual(["gambling"]);
    expect(spansOf(null)).toEqual([]);
    expect(categoriesOf({ categories: "gambling" })).toEqual([]);
    expect(highlightSpans("<a>", spansOf(undefined)).value).toBe("&lt;a&gt;");
  });
});
