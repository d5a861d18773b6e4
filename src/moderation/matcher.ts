import { Automaton } from "./automaton.js";
import type { CharTables } from "./char-table.js";
import type { Lexicon, LexiconTerm } from "./lexicon.js";
import { isLatin, type NormalisedText, normaliseTerm } from "./normaliser.js";
import { buildSyllableStream, createSyllableStream, type LatinWord, latinWords } from "./pinyin-stream.js";
import type { Category, Hit } from "./types.js";
import { policyError } from "./validation.js";

const KIND_TERM = 0;
const KIND_CUE = 1;
const KIND_ALLOW = 2;
const KIND_DISCUSSION = 3;

/** How a term was found: as written, by pinyin/homophone, or by latin initials. */
export type MatchForm = "text" | "pinyin" | "initials";

/** A lexicon term found in a message, in normalised and original coordinates. */
export interface TermMatch {
  term: LexiconTerm;
  from: number;
  to: number;
  form: MatchForm;
}

/** What one scan found: term matches plus the context the rules need. */
export interface MatchResult {
  terms: TermMatch[];
  /** Cue groups seen, as `category:group`. */
  cues: Set<string>;
  /** Allow phrases seen: category and normalised range. */
  allows: { category: Category; from: number; to: number }[];
  /** Normalised positions (start, end) of discussion cues. */
  discussion: number[];
  words: LatinWord[];
}

/** Counts of what was compiled, for reports and the bench. */
export interface LexiconStats {
  terms: number;
  patterns: number;
  pinyinPatterns: number;
  initials: number;
  nodes: number;
  compileMs: number;
}

/** The lexicons compiled into automata over normalised text and over pinyin syllables. */
export class CompiledLexicon {
  readonly terms: LexiconTerm[];
  readonly stats: LexiconStats;
  private readonly chars: Automaton;
  private readonly entryKind: Int8Array;
  private readonly entryRef: Int32Array;
  private readonly entryLatinStart: Uint8Array;
  private readonly entryLatinEnd: Uint8Array;
  private readonly cueNames: string[];
  private readonly allowCategory: Category[];
  private readonly pinyin: Automaton;
  private readonly pinyinTerm: Int32Array;
  private readonly initials = new Map<string, number[]>();
  private readonly syllables = createSyllableStream();

  constructor(
    lexicons: Lexicon[],
    discussionCues: string[],
    private readonly tables: CharTables,
  ) {
    const t0 = performance.now();
    this.terms = lexicons.flatMap((l) => l.terms);
    const patterns: number[][] = [];
    const kind: number[] = [];
    const ref: number[] = [];
    this.cueNames = [];
    this.allowCategory = [];
    const add = (text: string, k: number, r: number) => {
      const p = normaliseTerm(text, tables);
      if (p.length === 0) return;
      patterns.push(p);
      kind.push(k);
      ref.push(r);
    };
    this.terms.forEach((t, i) => {
      const codes = normaliseTerm(t.term, tables);
      // 牛牛 normalises to 牛 (repeats collapse): a one-character term would match everywhere.
      if (codes.length < 2 && [...t.term].length > 1) {
        const file = lexicons.find((l) => l.category === t.category)?.file ?? t.category;
        throw policyError(
          file,
          `terms: "${t.term}"`,
          "normalises to a single character (repeated characters collapse)",
        );
      }
      add(t.term, KIND_TERM, i);
    });
    for (const l of lexicons) {
      for (const [group, words] of Object.entries(l.cues)) {
        const idx = this.cueNames.push(`${l.category}:${group}`) - 1;
        for (const w of words) add(w, KIND_CUE, idx);
      }
      for (const a of l.allow) add(a, KIND_ALLOW, this.allowCategory.push(l.category) - 1);
    }
    for (const d of discussionCues) add(d, KIND_DISCUSSION, 0);
    this.chars = new Automaton(patterns);
    this.entryKind = Int8Array.from(kind);
    this.entryRef = Int32Array.from(ref);
    this.entryLatinStart = Uint8Array.from(patterns, (p) => (isLatin(p[0]!) ? 1 : 0));
    this.entryLatinEnd = Uint8Array.from(patterns, (p) => (isLatin(p[p.length - 1]!) ? 1 : 0));

    // Pinyin patterns: terms made only of Han characters that have a reading.
    const pyPatterns: number[][] = [];
    const pyTerm: number[] = [];
    this.terms.forEach((t, i) => {
      if (!t.pinyin && !t.homophones && !t.initials) return;
      const codes = normaliseTerm(t.term, tables);
      const ids = codes.map((c) => (c < 0x10000 ? tables.syllable[c]! : 0));
      if (ids.length < 2 || ids.some((id) => id === 0)) return;
      if (t.pinyin || t.homophones) {
        pyPatterns.push(ids);
        pyTerm.push(i);
      }
      if (t.initials) {
        const key = ids.map((id) => tables.syllables[id]![0]).join("");
        const list = this.initials.get(key) ?? [];
        list.push(i);
        this.initials.set(key, list);
      }
    });
    this.pinyin = new Automaton(pyPatterns, 1024);
    this.pinyinTerm = Int32Array.from(pyTerm);
    this.stats = {
      terms: this.terms.length,
      patterns: patterns.length,
      pinyinPatterns: pyPatterns.length,
      initials: this.initials.size,
      nodes: this.chars.nodeCount + this.pinyin.nodeCount,
      compileMs: performance.now() - t0,
    };
  }

  /** Finds every term, cue, allow phrase and discussion cue in a normalised message. */
  match(t: NormalisedText, withPinyin = true): MatchResult {
    const res: MatchResult = { terms: [], cues: new Set(), allows: [], discussion: [], words: [] };
    const { codes, gapBefore } = t;
    const n = t.length;
    const kind = this.entryKind;
    const refs = this.entryRef;
    const lens = this.chars.patternLength;
    this.chars.scan(codes, n, (p, end) => {
      const start = end - lens[p]! + 1;
      // Latin patterns must sit on word boundaries ("db" is not inside "feedback").
      if (this.entryLatinStart[p] && start > 0 && !gapBefore[start] && isLatin(codes[start - 1]!)) return;
      if (this.entryLatinEnd[p] && end + 1 < n && !gapBefore[end + 1] && isLatin(codes[end + 1]!)) return;
      const r = refs[p]!;
      switch (kind[p]) {
        case KIND_TERM:
          res.terms.push({ term: this.terms[r]!, from: start, to: end, form: "text" });
          break;
        case KIND_CUE:
          res.cues.add(this.cueNames[r]!);
          break;
        case KIND_ALLOW:
          res.allows.push({ category: this.allowCategory[r]!, from: start, to: end });
          break;
        default:
          res.discussion.push(start, end);
      }
    });
    if (!withPinyin) return res;
    if (t.latin > 0) res.words = latinWords(t);
    const s = buildSyllableStream(t, this.tables, res.words, this.syllables);
    const pyLens = this.pinyin.patternLength;
    this.pinyin.scan(s.sym, s.length, (p, endK) => {
      const startK = endK - pyLens[p]! + 1;
      if (s.latin[startK] && !s.wordStart[startK]) return;
      if (s.latin[endK] && !s.wordEnd[endK]) return;
      const term = this.terms[this.pinyinTerm[p]!]!;
      const from = s.from[startK]!;
      const to = s.to[endK]!;
      const want = normaliseTerm(term.term, this.tables);
      let latin = false;
      let differs = false;
      for (let k = startK, j = 0; k <= endK; k++, j++) {
        if (s.latin[k]) latin = true;
        else if (codes[s.from[k]!] !== want[j]) differs = true;
      }
      if (!latin && !differs) return; // the text automaton already has it
      if (latin && !term.pinyin) return;
      if (differs && !term.homophones) return;
      res.terms.push({ term, from, to, form: "pinyin" });
    });
    for (const w of res.words) {
      const list = this.initials.get(w.text);
      if (list)
        for (const i of list) res.terms.push({ term: this.terms[i]!, from: w.from, to: w.to, form: "initials" });
    }
    return res;
  }
}

/** Turns term matches into hits in original coordinates, applying requires/allow/discussion rules. */
export function termHits(t: NormalisedText, m: MatchResult, discussionWindow: number): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const activeCue = (c: Category) => {
    for (const k of m.cues) if (k.startsWith(`${c}:`)) return true;
    return false;
  };
  for (const tm of m.terms) {
    const term = tm.term;
    if (term.requires.length && !term.requires.some((r) => m.cues.has(`${term.category}:${r}`))) continue;
    // An allow phrase clears a hit it overlaps (一次性交纳, 赌博物馆) but not a longer hit around it (关闭杀毒软件).
    if (
      m.allows.some(
        (a) =>
          a.category === term.category && a.from <= tm.to && a.to >= tm.from && !(tm.from <= a.from && tm.to >= a.to),
      )
    )
      continue;
    if (term.discussion && !activeCue(term.category)) {
      let near = false;
      for (let i = 0; i < m.discussion.length; i += 2) {
        const ds = m.discussion[i]!;
        const de = m.discussion[i + 1]!;
        const inside = ds <= tm.to && de >= tm.from; // 法律 inside 法律算个屁 is the term, not a discussion
        if (!inside && ds - tm.to <= discussionWindow && tm.from - de <= discussionWindow) {
          near = true;
          break;
        }
      }
      if (near) continue;
    }
    const start = t.start[tm.from]!;
    const end = t.end[tm.to]!;
    const key = `${term.term}|${start}|${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({
      start,
      end,
      term: term.term,
      category: term.category,
      weight: term.weight,
      severity: term.severity,
      source: tm.form,
    });
  }
  // Initials alone are too ambiguous (db = database): keep them only beside other evidence.
  return hits.filter(
    (h) =>
      h.source !== "initials" ||
      activeCue(h.category) ||
      hits.some((o) => o !== h && o.category === h.category && o.source !== "initials"),
  );
}
