import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ModerationEngine } from "./engine.js";
import { packageRoot } from "./package-root.js";
import { CATEGORIES, type Category, type ModerationInput } from "./types.js";

/** One labelled corpus case: the input and the categories it must (or must not) be flagged for. */
export interface CorpusCase extends ModerationInput {
  id: string;
  categories: Category[];
  trick?: string;
}

/** Per-category precision and recall, plus the false-positive rate on benign cases. */
export interface EvalReport {
  perCategory: Record<Category, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
  benign: {
    total: number;
    flagged: number;
    fpRate: number;
    examples: { id: string; text: string; categories: Category[] }[];
  };
  misses: { id: string; text: string; expected: Category[]; got: Category[] }[];
}

/** Reads `corpus/moderation/{positive,benign}.jsonl`. */
export function loadCorpus(dir = join(packageRoot(), "corpus", "moderation")): {
  positive: CorpusCase[];
  benign: CorpusCase[];
} {
  const read = (f: string) =>
    readFileSync(join(dir, f), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CorpusCase);
  return { positive: read("positive.jsonl"), benign: read("benign.jsonl") };
}

/** Runs the engine over the corpus and scores it. */
export function evaluate(engine: ModerationEngine, positive: CorpusCase[], benign: CorpusCase[]): EvalReport {
  const perCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 }]),
  ) as EvalReport["perCategory"];
  const misses: EvalReport["misses"] = [];
  const examples: EvalReport["benign"]["examples"] = [];
  let benignFlagged = 0;
  for (const c of [...positive, ...benign]) {
    const got = engine.moderate(c).categories;
    for (const cat of CATEGORIES) {
      const want = c.categories.includes(cat);
      const has = got.includes(cat);
      if (want && has) perCategory[cat].tp++;
      else if (want) perCategory[cat].fn++;
      else if (has) perCategory[cat].fp++;
    }
    if (c.categories.length && !c.categories.every((x) => got.includes(x)))
      misses.push({ id: c.id, text: c.text, expected: c.categories, got });
    if (!c.categories.length && got.length) {
      benignFlagged++;
      examples.push({ id: c.id, text: c.text, categories: got });
    }
  }
  for (const cat of CATEGORIES) {
    const s = perCategory[cat];
    s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
    s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  }
  return {
    perCategory,
    benign: {
      total: benign.length,
      flagged: benignFlagged,
      fpRate: benign.length ? benignFlagged / benign.length : 0,
      examples,
    },
    misses,
  };
}
