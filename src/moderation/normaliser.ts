import { type CharTables, EXPAND, SKIP } from "./char-table.js";

/**
 * A message reduced to the letters and numbers a reader perceives, with a map back to the
 * original: entry i came from `text.slice(start[i], end[i])`. Buffers are reused between calls.
 */
export interface NormalisedText {
  length: number;
  codes: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** 1 when dropped characters (spaces, symbols, emoji, invisibles) sat right before entry i. */
  gapBefore: Uint8Array;
  /** How many ASCII digits and Chinese numerals the message holds (detectors skip work when few). */
  digits: number;
  /** How many latin letters the message holds. */
  latin: number;
}

// Chinese numerals are kept as Han characters (一次性 must stay a word); the digit view maps them.
const CHINESE_DIGITS = new Map<number, number>(
  [..."〇零一二三四五六七八九"].map((ch, i) => [ch.codePointAt(0)!, i === 0 ? 0 : i - 1] as [number, number]),
);
CHINESE_DIGITS.set("幺".codePointAt(0)!, 1);
CHINESE_DIGITS.set("两".codePointAt(0)!, 2);

// The same as BMP tables: the normaliser asks for every character it keeps, so a bitmap
// (8 KB, stays in L1) answers "no" before the value table is touched.
const DIGIT_VALUE = new Int8Array(0x10000).fill(-1);
const DIGIT_BITS = new Uint32Array(0x10000 >>> 5);
for (const [c, v] of [...Array.from({ length: 10 }, (_, d) => [48 + d, d] as const), ...CHINESE_DIGITS]) {
  DIGIT_VALUE[c] = v;
  DIGIT_BITS[c >>> 5]! |= 1 << (c & 31);
}

/** The digit a character stands for (ASCII digit or Chinese numeral), or -1. */
export function digitValue(code: number): number {
  if (code < 0 || code >= 0x10000 || !(DIGIT_BITS[code >>> 5]! & (1 << (code & 31)))) return -1;
  return DIGIT_VALUE[code]!;
}

/** True for a–z after normalisation. */
export function isLatin(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** Creates an empty, growable normalised-text buffer. */
export function createNormalisedText(capacity = 256): NormalisedText {
  return {
    length: 0,
    codes: new Int32Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    gapBefore: new Uint8Array(capacity),
    digits: 0,
    latin: 0,
  };
}

function grow(out: NormalisedText, need: number): void {
  if (need <= out.codes.length) return;
  const cap = Math.max(need, out.codes.length * 2);
  const codes = new Int32Array(cap);
  codes.set(out.codes);
  const start = new Int32Array(cap);
  start.set(out.start);
  const end = new Int32Array(cap);
  end.set(out.end);
  const gap = new Uint8Array(cap);
  gap.set(out.gapBefore);
  out.codes = codes;
  out.start = start;
  out.end = end;
  out.gapBefore = gap;
}

/**
 * Normalises `text` into `out`: NFKC, width, case, confusables, traditional → simplified,
 * dropped separators/invisibles/emoji, and runs of a repeated letter or Han character collapsed
 * to one (digits are never collapsed: they carry phone and ID numbers).
 */
export function normalise(text: string, tables: CharTables, out: NormalisedText): NormalisedText {
  const { code, identity } = tables;
  // Expansions can make the output longer than the input (⑩ → 10).
  grow(out, text.length * 2 + 4);
  const codes = out.codes;
  const start = out.start;
  const end = out.end;
  const gapBefore = out.gapBefore;
  let n = 0;
  let gap = 0;
  let digits = 0;
  let latin = 0;
  let prev = -1;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const u = text.charCodeAt(i);
    const width = 1;
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < len) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        const cp = (u - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        const exp = tables.astral(cp);
        if (exp.length === 0) {
          gap = 1;
          i++;
          continue;
        }
        for (const x of exp) {
          if (x === prev && digitValue(x) < 0) {
            end[n - 1] = i + 2;
            continue;
          }
          codes[n] = x;
          start[n] = i;
          end[n] = i + 2;
          gapBefore[n] = gap;
          gap = 0;
          prev = x;
          if (digitValue(x) >= 0) digits++;
          else if (isLatin(x)) latin++;
          n++;
        }
        i++;
        continue;
      }
    }
    const c = identity[u >>> 5]! & (1 << (u & 31)) ? u : code[u]!;
    if (c === SKIP) {
      gap = 1;
      continue;
    }
    if (c === EXPAND) {
      const exp = tables.expansions.get(u)!;
      for (const x of exp) {
        codes[n] = x;
        start[n] = i;
        end[n] = i + width;
        gapBefore[n] = gap;
        gap = 0;
        prev = x;
        if (digitValue(x) >= 0) digits++;
        n++;
      }
      continue;
    }
    const digit = digitValue(c);
    if (c === prev && (gap === 0 || c > 0x2e80) && digit < 0) {
      // A repeated letter or Han character (赌赌赌博, 赌 赌 博): one entry spanning all of them;
      // latin only without a gap, so word boundaries survive.
      end[n - 1] = i + width;
      continue;
    }
    codes[n] = c;
    start[n] = i;
    end[n] = i + width;
    gapBefore[n] = gap;
    gap = 0;
    prev = c;
    if (digit >= 0) digits++;
    else if (c >= 97 && c <= 122) latin++;
    n++;
  }
  out.length = n;
  out.digits = digits;
  out.latin = latin;
  return out;
}

// One scratch buffer for term normalisation: compiling 65,000 terms must not allocate 65,000 buffers.
const termScratch = createNormalisedText(64);

/** Normalises a lexicon term to the code sequence the matcher sees (same rules as messages). */
export function normaliseTerm(term: string, tables: CharTables): number[] {
  const out = normalise(term, tables, termScratch);
  const codes: number[] = new Array(out.length);
  for (let i = 0; i < out.length; i++) codes[i] = out.codes[i]!;
  return codes;
}

/** The normalised text as a string (for debugging and tests). */
export function normalisedString(t: NormalisedText): string {
  let s = "";
  for (let i = 0; i < t.length; i++) s += String.fromCodePoint(t.codes[i]!);
  return s;
}
