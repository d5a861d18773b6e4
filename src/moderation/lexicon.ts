import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CATEGORIES, type Category, SEVERITIES, type Severity } from "./types.js";
import { loadYaml, policyError } from "./validation.js";

const severity = z.enum(SEVERITIES);

const termObject = z
  .object({
    term: z.string().min(1),
    /** Contribution to the category score (noisy-or); ≥ the flag threshold flags alone. */
    weight: z.number().min(0).max(1).optional(),
    severity: severity.optional(),
    /** Cue groups (any one) that must also appear in the message for this term to count. */
    requires: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    /** Match same-pinyin Han variants (堵博 for 赌博). */
    homophones: z.boolean().optional(),
    /** Match the term written as a latin pinyin word (dubo). */
    pinyin: z.boolean().optional(),
    /** Match the pinyin initials as a latin word (db); such hits are weak and need a category cue. */
    initials: z.boolean().optional(),
    /** Whether discussion cues (严禁, 举报 …) near the term clear it. */
    discussion: z.boolean().optional(),
  })
  .strict();

const lexiconFile = z
  .object({
    category: z.enum(CATEGORIES),
    description: z.string().optional(),
    severity: severity.default("medium"),
    weight: z.number().min(0).max(1).default(1),
    homophones: z.boolean().default(false),
    pinyin: z.boolean().default(true),
    discussion: z.boolean().default(true),
    cues: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
    allow: z.array(z.string().min(1)).default([]),
    terms: z.array(z.union([z.string().min(1), termObject])).min(1),
  })
  .strict();

/** One lexicon file as authored. */
export type LexiconFile = z.infer<typeof lexiconFile>;

/** A term with every default resolved. */
export interface LexiconTerm {
  term: string;
  category: Category;
  weight: number;
  severity: Severity;
  requires: string[];
  homophones: boolean;
  pinyin: boolean;
  initials: boolean;
  discussion: boolean;
}

/** A category's lexicon with defaults resolved. */
export interface Lexicon {
  category: Category;
  file: string;
  terms: LexiconTerm[];
  cues: Record<string, string[]>;
  allow: string[];
}

/** Loads and validates one `<category>.yaml`; the file name must match its `category`. */
export function loadLexiconFile(file: string, expected?: Category): Lexicon {
  const data = loadYaml(file, lexiconFile);
  if (expected && data.category !== expected)
    throw policyError(file, "category", `is "${data.category}" but the file is named for "${expected}"`);
  const terms: LexiconTerm[] = data.terms.map((t, i) => {
    const o = typeof t === "string" ? { term: t } : t;
    const requires = o.requires === undefined ? [] : Array.isArray(o.requires) ? o.requires : [o.requires];
    for (const r of requires)
      if (!(r in data.cues)) throw policyError(file, `terms.${i}.requires`, `unknown cue group "${r}"`);
    const chars = [...o.term].length;
    return {
      term: o.term,
      category: data.category,
      weight: o.weight ?? data.weight,
      severity: o.severity ?? data.severity,
      requires,
      // Han homophones are safe for long terms; two-character ones need an explicit opt-in.
      homophones: o.homophones ?? (data.homophones || chars >= 3),
      pinyin: o.pinyin ?? data.pinyin,
      initials: o.initials ?? false,
      discussion: o.discussion ?? data.discussion,
    };
  });
  return { category: data.category, file, terms, cues: data.cues, allow: data.allow };
}

/** Loads all sixteen lexicons from `dir`; a missing category file is an error. */
export function loadLexicons(dir: string): Lexicon[] {
  if (!existsSync(dir)) throw policyError(dir, "(folder)", "lexicon folder does not exist");
  const present = new Set(readdirSync(dir).filter((f) => f.endsWith(".yaml")));
  for (const f of present) {
    const cat = f.slice(0, -5);
    if (!(CATEGORIES as readonly string[]).includes(cat))
      throw policyError(join(dir, f), "(file name)", `"${cat}" is not a moderation category`);
  }
  return CATEGORIES.map((c) => {
    const f = `${c}.yaml`;
    if (!present.has(f)) throw policyError(join(dir, f), "(file)", "missing lexicon file for this category");
    return loadLexiconFile(join(dir, f), c);
  });
}
