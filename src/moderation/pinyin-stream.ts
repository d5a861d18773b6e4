import type { CharTables } from "./char-table.js";
import { isLatin, type NormalisedText } from "./normaliser.js";

/**
 * The normalised text read as pinyin syllables: each Han character is one syllable, and each
 * latin word that spells pinyin (dubo, du bo, d.u.b.o) is split into its syllables. Anything
 * else is a break (-1). Entry k covers normalised entries from[k]..to[k].
 */
export interface SyllableStream {
  length: number;
  sym: Int32Array;
  from: Int32Array;
  to: Int32Array;
  /** 1 when the syllable was spelled in latin letters. */
  latin: Uint8Array;
  /** 1 when the syllable starts / ends its latin word (latin matches must respect word boundaries). */
  wordStart: Uint8Array;
  wordEnd: Uint8Array;
}

/** A latin word of the message: normalised entries [from, to], and its letters. */
export interface LatinWord {
  from: number;
  to: number;
  text: string;
}

/** Creates a growable syllable stream buffer. */
export function createSyllableStream(capacity = 256): SyllableStream {
  return {
    length: 0,
    sym: new Int32Array(capacity),
    from: new Int32Array(capacity),
    to: new Int32Array(capacity),
    latin: new Uint8Array(capacity),
    wordStart: new Uint8Array(capacity),
    wordEnd: new Uint8Array(capacity),
  };
}

function ensure(s: SyllableStream, need: number): void {
  if (need <= s.sym.length) return;
  const cap = Math.max(need, s.sym.length * 2);
  const fresh = createSyllableStream(cap);
  fresh.sym.set(s.sym);
  fresh.from.set(s.from);
  fresh.to.set(s.to);
  fresh.latin.set(s.latin);
  fresh.wordStart.set(s.wordStart);
  fresh.wordEnd.set(s.wordEnd);
  Object.assign(s, fresh, { length: s.length });
}

/**
 * Splits the latin letters of the text into words. A gap (space, symbol) ends a word, except
 * between single letters, so `d u b o` and `d.b` read as one word.
 */
export function latinWords(t: NormalisedText): LatinWord[] {
  const pieces: LatinWord[] = [];
  let i = 0;
  while (i < t.length) {
    if (!isLatin(t.codes[i]!)) {
      i++;
      continue;
    }
    const from = i;
    let text = String.fromCharCode(t.codes[i]!);
    i++;
    while (i < t.length && isLatin(t.codes[i]!) && !t.gapBefore[i]) {
      text += String.fromCharCode(t.codes[i]!);
      i++;
    }
    pieces.push({ from, to: i - 1, text });
  }
  const words: LatinWord[] = [];
  let lastSingle = false;
  for (const p of pieces) {
    const last = words[words.length - 1];
    const single = p.text.length === 1;
    if (last && single && lastSingle && last.to === p.from - 1) {
      last.to = p.to;
      last.text += p.text;
      continue;
    }
    words.push(p);
    lastSingle = single;
  }
  return words;
}

const VOWEL = /[aeiouv]/;

// Chat repeats the same latin words (ok, ppt, dubo): segment each once. Bounded, so a flood of
// random words cannot grow it without limit.
const SEGMENT_CACHE_LIMIT = 4096;
const segmentCaches = new WeakMap<CharTables, Map<string, number[] | null>>();

/** {@link segmentPinyin}, memoised per word. */
export function cachedSegments(word: string, tables: CharTables): number[] | undefined {
  let cache = segmentCaches.get(tables);
  if (!cache) {
    cache = new Map();
    segmentCaches.set(tables, cache);
  }
  let seg = cache.get(word);
  if (seg === undefined) {
    seg = segmentPinyin(word, tables) ?? null;
    if (cache.size >= SEGMENT_CACHE_LIMIT) cache.clear();
    cache.set(word, seg);
  }
  return seg ?? undefined;
}

/** Splits a latin word into pinyin syllable ids (fewest syllables), or undefined when it is not pinyin. */
export function segmentPinyin(word: string, tables: CharTables): number[] | undefined {
  const n = word.length;
  if (n === 0 || n > 40) return undefined;
  const best: (number[] | undefined)[] = new Array(n + 1);
  best[0] = [];
  for (let i = 0; i < n; i++) {
    const base = best[i];
    if (!base) continue;
    for (let j = Math.min(n, i + 6); j > i; j--) {
      const syl = word.slice(i, j);
      const id = tables.syllableId.get(syl);
      if (id === undefined || !VOWEL.test(syl)) continue;
      const cand = best[j];
      if (!cand || cand.length > base.length + 1) best[j] = [...base, id];
    }
  }
  return best[n];
}

/** Builds the syllable stream of a normalised text into `out`. */
export function buildSyllableStream(
  t: NormalisedText,
  tables: CharTables,
  words: LatinWord[],
  out: SyllableStream,
): SyllableStream {
  ensure(out, t.length + 1);
  const syllable = tables.syllable;
  let k = 0;
  let w = 0;
  let i = 0;
  while (i < t.length) {
    const word = words[w];
    if (word && word.from === i) {
      const seg = cachedSegments(word.text, tables);
      if (seg) {
        ensure(out, k + seg.length + t.length);
        let pos = word.from;
        for (let j = 0; j < seg.length; j++) {
          const id = seg[j]!;
          const len = tables.syllables[id]!.length;
          // Letters of a spaced word are one entry each, so walk entries letter by letter.
          out.sym[k] = id;
          out.from[k] = pos;
          out.to[k] = pos + len - 1;
          out.latin[k] = 1;
          out.wordStart[k] = j === 0 ? 1 : 0;
          out.wordEnd[k] = j === seg.length - 1 ? 1 : 0;
          pos += len;
          k++;
        }
      } else {
        out.sym[k] = -1;
        out.from[k] = word.from;
        out.to[k] = word.to;
        out.latin[k] = 0;
        k++;
      }
      i = word.to + 1;
      w++;
      continue;
    }
    const c = t.codes[i]!;
    const id = c < 0x10000 ? syllable[c]! : 0;
    out.sym[k] = id === 0 ? -1 : id;
    out.from[k] = i;
    out.to[k] = i;
    out.latin[k] = 0;
    out.wordStart[k] = 0;
    out.wordEnd[k] = 0;
    k++;
    i++;
  }
  out.length = k;
  return out;
}
