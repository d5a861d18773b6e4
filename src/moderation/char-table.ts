import * as OpenCC from "opencc-js";
import { pinyin } from "pinyin-pro";

/** Marker in the code table: the character is a separator, symbol, emoji or invisible and is dropped. */
export const SKIP = -1;
/** Marker in the code table: the character expands to several (e.g. ⑩ → 10); see `expansions`. */
export const EXPAND = -2;

/**
 * Per-character normalisation tables, built once per process: NFKC, lower case, confusable
 * letters, traditional → simplified, and the toneless pinyin syllable of each Han character.
 */
export interface CharTables {
  /** BMP code unit → normalised code point, SKIP or EXPAND. */
  code: Int32Array;
  /** Multi-character expansions for EXPAND entries (already normalised, skips removed). */
  expansions: Map<number, number[]>;
  /** Normalised Han code point (BMP) → syllable id (0 = none). */
  syllable: Uint16Array;
  /** Syllable id → toneless pinyin (`lv` for lü). */
  syllables: string[];
  /** Toneless pinyin → syllable id. */
  syllableId: Map<string, number>;
  /**
   * Bit u set when `code[u] === u` (most Han characters, digits, lower-case letters): an 8 KB
   * bitmap that stays in cache, so the 256 KB code table is read only for characters that change.
   */
  identity: Uint32Array;
  /** Normalises an astral code point (slow path, cached). */
  astral(cp: number): number[];
}

// Letters that look Latin but are Cyrillic or Greek: attackers use them to dodge word lists.
const CONFUSABLES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ɡ: "g",
  α: "a",
  β: "b",
  ε: "e",
  ι: "i",
  κ: "k",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ν: "v",
};

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function keepCodes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = CONFUSABLES[ch] ?? ch;
    if (LETTER_OR_NUMBER.test(c)) out.push(c.codePointAt(0)!);
  }
  return out;
}

let cached: CharTables | undefined;

/** Builds (once) and returns the shared character tables. */
export function charTables(): CharTables {
  if (cached) return cached;
  const code = new Int32Array(0x10000);
  const expansions = new Map<number, number[]>();
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      code[c] = SKIP; // lone surrogates; pairs take the astral path
      continue;
    }
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) {
      code[c] = c; // unified ideographs have no compatibility decomposition
      continue;
    }
    if (c < 0x80) {
      code[c] = c >= 65 && c <= 90 ? c + 32 : (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : SKIP;
      continue;
    }
    const kept = keepCodes(String.fromCharCode(c).normalize("NFKC").toLowerCase());
    if (kept.length === 0) code[c] = SKIP;
    else if (kept.length === 1) code[c] = kept[0]!;
    else {
      code[c] = EXPAND;
      expansions.set(c, kept);
    }
  }
  // Traditional → simplified, one character at a time so the map back to the original stays 1:1.
  const t2s = OpenCC.Converter({ from: "tw", to: "cn" });
  const han: number[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) if (code[c] === c) han.push(c);
  for (let c = 0xf900; c <= 0xfaff; c++) if (code[c]! > 0) han.push(c);
  const converted = t2s(han.map((c) => String.fromCharCode(code[c]!)).join("\n")).split("\n");
  han.forEach((c, i) => {
    const s = converted[i];
    if (s && [...s].length === 1) code[c] = s.codePointAt(0)!;
  });
  // Toneless pinyin per simplified character (most common reading).
  const syllables: string[] = [""];
  const syllableId = new Map<string, number>();
  const syllable = new Uint16Array(0x10000);
  const targets: number[] = [];
  for (let c = 0x4e00; c <= 0x9fff; c++) if (code[c] === c) targets.push(c);
  const readings = pinyin(targets.map((c) => String.fromCharCode(c)).join(" "), {
    toneType: "none",
    type: "array",
    v: true,
  }).filter((s) => s.trim() !== "");
  if (readings.length === targets.length) {
    targets.forEach((c, i) => {
      const py = readings[i]!;
      if (!/^[a-z]+$/.test(py)) return;
      let id = syllableId.get(py);
      if (id === undefined) {
        id = syllables.length;
        syllables.push(py);
        syllableId.set(py, id);
      }
      syllable[c] = id;
    });
  }
  const astralCache = new Map<number, number[]>();
  const astral = (cp: number): number[] => {
    let r = astralCache.get(cp);
    if (!r) {
      r = keepCodes(String.fromCodePoint(cp).normalize("NFKC").toLowerCase()).map((x) => (x < 0x10000 ? code[x]! : x));
      r = r.filter((x) => x >= 0);
      astralCache.set(cp, r);
    }
    return r;
  };
  const identity = new Uint32Array(0x10000 >>> 5);
  for (let c = 0; c < 0x10000; c++) if (code[c] === c) identity[c >>> 5]! |= 1 << (c & 31);
  cached = { code, expansions, syllable, syllables, syllableId, identity, astral };
  return cached;
}
