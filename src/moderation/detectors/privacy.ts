import { digitValue, type NormalisedText } from "../normaliser.js";
import type { Hit } from "../types.js";

/** Context the privacy detector needs from the lexicon scan. */
export interface PrivacyContext {
  /** Words such as 身份证/家住/人肉 appear: numbers are being exposed, not just mentioned. */
  exposureCue: boolean;
  /** Words such as 卡号/银行卡/开户行 appear. */
  bankCue: boolean;
  /** Traditional → simplified with offsets kept (號 → 号), so addresses are read in one script. */
  simplify: (text: string) => string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** True for a valid 18-character resident ID number: region, real birth date, checksum. */
export function isValidChineseId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/i.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || y > 2100) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** True when the digit string passes the Luhn check (bank cards). */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** True for a mainland mobile number (11 digits, 13x–19x), optionally with the 86 prefix. */
export function isMobileNumber(digits: string): boolean {
  return /^(?:86)?1[3-9]\d{9}$/.test(digits);
}

interface Chunk {
  digits: string;
  from: number;
  to: number;
}

// Digit runs in the normalised text; a gap (space, hyphen) splits a run into chunks.
function digitRuns(t: NormalisedText): Chunk[][] {
  const runs: Chunk[][] = [];
  let run: Chunk[] = [];
  let cur: Chunk | undefined;
  for (let i = 0; i < t.length; i++) {
    const c = t.codes[i]!;
    const v = digitValue(c);
    const isX = c === 120 && cur !== undefined && cur.digits.length === 17;
    if (v < 0 && !isX) {
      if (cur) run.push(cur);
      if (run.length) runs.push(run);
      run = [];
      cur = undefined;
      continue;
    }
    const ch = isX ? "X" : String(v);
    if (cur && t.gapBefore[i]) {
      run.push(cur);
      cur = undefined;
    }
    if (!cur) cur = { digits: ch, from: i, to: i };
    else {
      cur.digits += ch;
      cur.to = i;
    }
  }
  if (cur) run.push(cur);
  if (run.length) runs.push(run);
  return runs;
}

function mask(s: string): string {
  return s.length <= 7 ? "*".repeat(s.length) : `${s.slice(0, 3)}${"*".repeat(s.length - 7)}${s.slice(-4)}`;
}

const ADDRESS =
  /[\u4e00-\u9fa5]{2,12}(?:路|街|道|巷|弄|大道|胡同)[0-9０-９一二三四五六七八九十]+号(?:院)?(?:[0-9０-９一二三四五六七八九十]+(?:号楼|栋|幢|座))?(?:[0-9０-９一二三四五六七八九十]+单元)?(?:[0-9０-９]+(?:室|号))?/g;
const RESIDENTIAL = /单元|[0-9０-９]{3,4}室|栋[0-9０-９]{3,4}/;

/** Finds ID-card numbers, mobile numbers, bank cards and home addresses (category privacy_exposure). */
export function detectPrivacy(text: string, t: NormalisedText, ctx: PrivacyContext): Hit[] {
  const hits: Hit[] = [];
  if (t.digits >= 11) {
    for (const run of digitRuns(t)) {
      // Try every sequence of whole chunks: "138 1234 5678" and "110105 19900307 123X" both count.
      for (let a = 0; a < run.length; a++) {
        let digits = "";
        for (let b = a; b < run.length; b++) {
          digits += run[b]!.digits;
          if (digits.length > 21) break;
          const from = run[a]!.from;
          const to = run[b]!.to;
          const span = { start: t.start[from]!, end: t.end[to]! };
          if (digits.length === 18 && isValidChineseId(digits)) {
            hits.push({
              ...span,
              term: `身份证号 ${mask(digits)}`,
              category: "privacy_exposure",
              weight: 0.9,
              severity: "high",
              source: "id_card",
            });
          } else if (isMobileNumber(digits)) {
            hits.push({
              ...span,
              term: `手机号 ${mask(digits)}`,
              category: "privacy_exposure",
              weight: ctx.exposureCue ? 0.8 : 0.3,
              severity: "medium",
              source: "mobile",
            });
          } else if (digits.length >= 16 && luhnValid(digits) && (ctx.bankCue || /^62/.test(digits))) {
            hits.push({
              ...span,
              term: `银行卡号 ${mask(digits)}`,
              category: "privacy_exposure",
              weight: ctx.bankCue || ctx.exposureCue ? 0.85 : 0.55,
              severity: "high",
              source: "bank_card",
            });
          }
        }
      }
    }
  }
  if (text.length >= 6 && /[号號]/.test(text) && /路|街|道|巷|弄|胡同/.test(text)) {
    for (const m of ctx.simplify(text).matchAll(ADDRESS)) {
      const residential = RESIDENTIAL.test(m[0]);
      if (!residential && !ctx.exposureCue) continue;
      hits.push({
        start: m.index,
        end: m.index + m[0].length,
        term: "住址",
        category: "privacy_exposure",
        weight: ctx.exposureCue ? 0.8 : 0.4,
        severity: "medium",
        source: "address",
      });
    }
  }
  // Several kinds of personal data together are an exposure even without a cue word.
  if (hits.length < 2) return hits;
  const kinds = new Set(hits.map((h) => h.source));
  if (kinds.size >= 2) for (const h of hits) h.weight = Math.max(h.weight, 0.7);
  return hits;
}
