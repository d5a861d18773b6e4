import { Automaton } from "./automaton.js";
import type { CharTables } from "./char-table.js";
import type { Lexicon, LexiconTerm } from "./lexicon.js";
import { isLatin, type NormalisedText, normaliseTerm } from "./normaliser.js";
import {
  buildSyllableStream,
  cachedSegments,
  createSyllableStream,
  type LatinWord,
  latinWords,
} from "./pinyin-stream.js";
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
  cues: ReadonlySet<string>;
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

// Shared by every result that saw no cue; replaced (never mutated) on the first cue.
const NO_CUES: ReadonlySet<string> = new Set<string>();

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
  /** Per pinyin pattern: 1 when its term allows latin pinyin, 2 when it allows Han homophones. */
  private readonly pinyinForms: Uint8Array;
  /** Normalised codes of each pinyin pattern's term, flat, from pinyinCodeStart[p]. */
  private readonly pinyinCodes: Int32Array;
  private readonly pinyinCodeStart: Int32Array;
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
    const add = (p: number[], k: number, r: number) => {
      if (p.length === 0) return;
      patterns.push(p);
      kind.push(k);
      ref.push(r);
    };
    const termCodes = this.terms.map((t) => normaliseTerm(t.term, tables));
    this.terms.forEach((t, i) => {
      const codes = termCodes[i]!;
      // 牛牛 normalises to 牛 (repeats collapse): a one-character term would match everywhere.
      if (codes.length < 2 && [...t.term].length > 1) {
        const file = lexicons.find((l) => l.category === t.category)?.file ?? t.category;
        throw policyError(
          file,
          `terms: "${t.term}"`,
          "normalises to a single character (repeated characters collapse)",
        );
      }
      add(codes, KIND_TERM, i);
    });
    for (const l of lexicons) {
      for (const [group, words] of Object.entries(l.cues)) {
        const idx = this.cueNames.push(`${l.category}:${group}`) - 1;
        for (const w of words) add(normaliseTerm(w, tables), KIND_CUE, idx);
      }
      for (const a of l.allow) add(normaliseTerm(a, tables), KIND_ALLOW, this.allowCategory.push(l.category) - 1);
    }
    for (const d of discussionCues) add(normaliseTerm(d, tables), KIND_DISCUSSION, 0);
    this.chars = new Automaton(patterns);
    this.entryKind = Int8Array.from(kind);
    this.entryRef = Int32Array.from(ref);
    this.entryLatinStart = new Uint8Array(patterns.length);
    this.entryLatinEnd = new Uint8Array(patterns.length);
    patterns.forEach((p, i) => {
      this.entryLatinStart[i] = isLatin(p[0]!) ? 1 : 0;
      this.entryLatinEnd[i] = isLatin(p[p.length - 1]!) ? 1 : 0;
    });

    // Pinyin patterns: terms made only of Han characters that have a reading.
    const pyPatterns: number[][] = [];
    const pyTerm: number[] = [];
    const pyForms: number[] = [];
    const pyCodeStart: number[] = [0];
    const pyCodes: number[] = [];
    this.terms.forEach((t, i) => {
      if (!t.pinyin && !t.homophones && !t.initials) return;
      const codes = termCodes[i]!;
      const ids = codes.map((c) => (c < 0x10000 ? tables.syllable[c]! : 0));
      if (ids.length < 2 || ids.some((id) => id === 0)) return;
      if (t.pinyin || t.homophones) {
        pyPatterns.push(ids);
        pyTerm.push(i);
        pyForms.push((t.pinyin ? 1 : 0) | (t.homophones ? 2 : 0));
        for (const c of codes) pyCodes.push(c);
        pyCodeStart.push(pyCodes.length);
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
    this.pinyinForms = Uint8Array.from(pyForms);
    this.pinyinCodes = Int32Array.from(pyCodes);
    this.pinyinCodeStart = Int32Array.from(pyCodeStart);
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
    const res: MatchResult = { terms: [], cues: NO_CUES, allows: [], discussion: [], words: [] };
    let cues: Set<string> | undefined;
    const { codes, gapBefore } = t;
    const n = t.length;
    const kind = this.entryKind;
    const refs = this.entryRef;
    const lens = this.chars.patternLength;
    const count = this.chars.find(codes, n);
    const found = this.chars.found;
    for (let k = 0; k < count; k++) {
      const p = found[2 * k]!;
      const end = found[2 * k + 1]!;
      const start = end - lens[p]! + 1;
      // Latin patterns must sit on word boundaries ("db" is not inside "feedback").
      if (this.entryLatinStart[p] && start > 0 && !gapBefore[start] && isLatin(codes[start - 1]!)) continue;
      if (this.entryLatinEnd[p] && end + 1 < n && !gapBefore[end + 1] && isLatin(codes[end + 1]!)) continue;
      const r = refs[p]!;
      switch (kind[p]) {
        case KIND_TERM:
          res.terms.push({ term: this.terms[r]!, from: start, to: end, form: "text" });
          break;
        case KIND_CUE:
          if (!cues) {
            cues = new Set();
            res.cues = cues;
          }
          cues.add(this.cueNames[r]!);
          break;
        case KIND_ALLOW:
          res.allows.push({ category: this.allowCategory[r]!, from: start, to: end });
          break;
        default:
          res.discussion.push(start, end);
      }
    }
    if (withPinyin) this.matchPinyin(t, res);
    return res;
  }

  // Homophones (堵博), latin pinyin (dubo, du bo) and latin initials (db).
  private matchPinyin(t: NormalisedText, res: MatchResult): void {
    if (t.latin > 0) res.words = latinWords(t);
    // Latin words that are not pinyin (ok, ppt) only break the syllable stream, like any
    // character without a reading: the direct scan then finds exactly what the stream would.
    if (!res.words.some((w) => cachedSegments(w.text, this.tables))) {
      this.matchHomophones(t, res);
      this.matchInitials(res);
      return;
    }
    const codes = t.codes;
    const s = buildSyllableStream(t, this.tables, res.words, this.syllables);
    const pyLens = this.pinyin.patternLength;
    const count = this.pinyin.find(s.sym, s.length);
    const found = this.pinyin.found;
    const { latin: isLatinSyl, wordStart, wordEnd, from: symFrom, to: symTo } = s;
    for (let m = 0; m < count; m++) {
      const p = found[2 * m]!;
      const endK = found[2 * m + 1]!;
      const startK = endK - pyLens[p]! + 1;
      if (isLatinSyl[startK] && !wordStart[startK]) continue;
      if (isLatinSyl[endK] && !wordEnd[endK]) continue;
      const forms = this.pinyinForms[p]!;
      let latin = false;
      let differs = false;
      for (let k = startK, j = this.pinyinCodeStart[p]!; k <= endK; k++, j++) {
        if (isLatinSyl[k]) latin = true;
        else if (codes[symFrom[k]!] !== this.pinyinCodes[j]) differs = true;
      }
      if (!latin && !differs) continue; // the text automaton already has it
      if (latin && !(forms & 1)) continue;
      if (differs && !(forms & 2)) continue;
      res.terms.push({
        term: this.terms[this.pinyinTerm[p]!]!,
        from: symFrom[startK]!,
        to: symTo[endK]!,
        form: "pinyin",
      });
    }
    this.matchInitials(res);
  }

  private matchInitials(res: MatchResult): void {
    if (this.initials.size === 0) return;
    for (const w of res.words) {
      const list = this.initials.get(w.text);
      if (list)
        for (const i of list) res.terms.push({ term: this.terms[i]!, from: w.from, to: w.to, form: "initials" });
    }
  }

  // Without pinyin words the syllable stream is one syllable per entry: scan the codes through
  // the syllable table directly, and only homophones can add anything to the text matches.
  private matchHomophones(t: NormalisedText, res: MatchResult): void {
    const codes = t.codes;
    const pyLens = this.pinyin.patternLength;
    const count = this.pinyin.findMapped(codes, t.length, this.tables.syllable);
    const found = this.pinyin.found;
    for (let m = 0; m < count; m++) {
      const p = found[2 * m]!;
      if (!(this.pinyinForms[p]! & 2)) continue;
      const end = found[2 * m + 1]!;
      const start = end - pyLens[p]! + 1;
      let differs = false;
      for (let k = start, j = this.pinyinCodeStart[p]!; k <= end; k++, j++) {
        if (codes[k] !== this.pinyinCodes[j]) {
          differs = true;
          break;
        }
      }
      if (differs) res.terms.push({ term: this.terms[this.pinyinTerm[p]!]!, from: start, to: end, form: "pinyin" });
    }
  }
}

function hasCueOf(cues: ReadonlySet<string>, c: Category): boolean {
  if (cues.size === 0) return false;
  for (const k of cues) if (k.length > c.length && k.charCodeAt(c.length) === 58 && k.startsWith(c)) return true;
  return false;
}

function clearedByAllow(m: MatchResult, tm: TermMatch): boolean {
  // An allow phrase clears a hit it overlaps (一次性交纳, 赌博物馆) but not a longer hit around it (关闭杀毒软件).
  for (const a of m.allows) {
    if (a.category === tm.term.category && a.from <= tm.to && a.to >= tm.from && !(tm.from <= a.from && tm.to >= a.to))
      return true;
  }
  return false;
}

function nearDiscussion(m: MatchResult, tm: TermMatch, window: number): boolean {
  for (let i = 0; i < m.discussion.length; i += 2) {
    const ds = m.discussion[i]!;
    const de = m.discussion[i + 1]!;
    const inside = ds <= tm.to && de >= tm.from; // 法律 inside 法律算个屁 is the term, not a discussion
    if (!inside && ds - tm.to <= window && tm.from - de <= window) return true;
  }
  return false;
}

// `category:group` keys of each term's required cues, built once per term instead of per hit.
const requiredKeys = new WeakMap<LexiconTerm, string[]>();

function requiredCueSeen(m: MatchResult, term: LexiconTerm): boolean {
  if (term.requires.length === 0) return true;
  if (m.cues.size === 0) return false;
  let keys = requiredKeys.get(term);
  if (!keys) {
    keys = term.requires.map((r) => `${term.category}:${r}`);
    requiredKeys.set(term, keys);
  }
  for (const k of keys) if (m.cues.has(k)) return true;
  return false;
}

/** Turns term matches into hits in original coordinates, applying requires/allow/discussion rules. */
export function termHits(t: NormalisedText, m: MatchResult, discussionWindow: number): Hit[] {
  const hits: Hit[] = [];
  if (m.terms.length === 0) return hits;
  // Duplicates (same term, same span) are rare and hits few: a Set only for long lists.
  let seen: Set<string> | undefined;
  let initials = false;
  for (const tm of m.terms) {
    const term = tm.term;
    if (!requiredCueSeen(m, term)) continue;
    if (m.allows.length && clearedByAllow(m, tm)) continue;
    if (term.discussion && m.discussion.length && !hasCueOf(m.cues, term.category)) {
      if (nearDiscussion(m, tm, discussionWindow)) continue;
    }
    const start = t.start[tm.from]!;
    const end = t.end[tm.to]!;
    if (hits.length >= 16) {
      if (!seen) seen = new Set(hits.map((h) => `${h.term}|${h.start}|${h.end}`));
      const key = `${term.term}|${start}|${end}`;
      if (seen.has(key)) continue;
      seen.add(key);
    } else if (hits.some((h) => h.start === start && h.end === end && h.term === term.term)) continue;
    if (tm.form === "initials") initials = true;
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
  if (!initials) return hits;
  // Initials alone are too ambiguous (db = database): keep them only beside other evidence.
  return hits.filter(
    (h) =>
      h.source !== "initials" ||
      hasCueOf(m.cues, h.category) ||
      hits.some((o) => o !== h && o.category === h.category && o.source !== "initials"),
  );
}
