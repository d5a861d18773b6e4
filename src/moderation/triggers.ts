/**
 * A cheap pass over the original text saying which detectors could possibly fire, so most
 * chat (short Chinese sentences) skips their regular expressions entirely. Every bit is a
 * superset of its detector's own precondition: a gate may let a message through for nothing,
 * never stop one the detector would have flagged.
 */

/** An ASCII or full-width latin letter (credential keywords, token formats, pinyin). */
export const TRIGGER_LETTER = 1;
/** A Han character of a credential keyword: 密(码/钥), 口(令), 账/帐(号), 用(户名). */
export const TRIGGER_CREDENTIAL_HAN = 2;
/** A run of 16+ token characters ([A-Za-z0-9_-], ASCII or full width). */
export const TRIGGER_TOKEN_RUN = 4;
/** An ASCII `.` or `:` (links need `x.y` or `://`). */
export const TRIGGER_LINK = 8;
/** 密 (classification markings). */
export const TRIGGER_SECRET = 16;
/** 号/號 (house numbers of addresses). */
export const TRIGGER_HOUSE_NUMBER = 32;
/** 路/街/道/巷/弄/胡(同) (street names of addresses). */
export const TRIGGER_STREET = 64;

/** A full-width ASCII form or ideographic space (U+FF01–FF5E, U+3000): text needs width folding. */
export const TRIGGER_FULL_WIDTH = 256;

const TOKEN_CHAR = 128; // internal class bit: part of a token run, not reported

const table = new Uint8Array(0x10000);
function mark(chars: string, bits: number): void {
  for (const ch of chars) table[ch.charCodeAt(0)]! |= bits;
}
for (let c = 0; c < 26; c++) {
  for (const base of [0x41, 0x61, 0xff21, 0xff41]) table[base + c]! |= TRIGGER_LETTER | TOKEN_CHAR;
}
for (let d = 0; d < 10; d++) {
  table[0x30 + d]! |= TOKEN_CHAR;
  table[0xff10 + d]! |= TOKEN_CHAR;
}
mark("_-＿－", TOKEN_CHAR);
mark("密口账帐用", TRIGGER_CREDENTIAL_HAN);
mark(".:", TRIGGER_LINK);
mark("密", TRIGGER_SECRET);
mark("号號", TRIGGER_HOUSE_NUMBER);
mark("路街道巷弄胡", TRIGGER_STREET);

// Characters with any bit at all, as a bitmap: most Han characters have none, and 8 KB stays in L1.
const any = new Uint32Array(0x10000 >>> 5);
for (let c = 0; c < 0x10000; c++) if (table[c]) any[c >>> 5]! |= 1 << (c & 31);

/** The trigger bits of a text (see the TRIGGER_ constants). */
export function triggers(text: string): number {
  let bits = 0;
  let run = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const b = any[c >>> 5]! & (1 << (c & 31)) ? table[c]! : 0;
    bits |= b;
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) bits |= TRIGGER_FULL_WIDTH;
    if (b & TOKEN_CHAR) {
      if (++run >= 16) bits |= TRIGGER_TOKEN_RUN;
    } else run = 0;
  }
  return bits & ~TOKEN_CHAR;
}
