import { describe, expect, it } from "vitest";
import { evaluate, loadCorpus } from "../../src/moderation/evaluation.js";
import { CATEGORIES } from "../../src/moderation/types.js";
import { engine } from "./helpers.js";

describe("labelled corpus", () => {
  const { positive, benign } = loadCorpus();
  const report = evaluate(engine(), positive, benign);

  it("has at least 20 positives per category and 150 hard benign cases", () => {
    for (const c of CATEGORIES)
      expect(positive.filter((p) => p.categories.includes(c)).length).toBeGreaterThanOrEqual(20);
    expect(benign.length).toBeGreaterThanOrEqual(150);
  });

  it.each(CATEGORIES)("recalls at least 95 %% of %s", (c) => {
    expect(report.perCategory[c].recall).toBeGreaterThanOrEqual(0.95);
  });

  it("flags at most 2 % of benign work chat", () => {
    expect(report.benign.fpRate).toBeLessThanOrEqual(0.02);
  });
});
