import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Automaton } from "../../src/moderation/automaton.js";
import { engine } from "./helpers.js";

const toCodes = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

function naive(text: string, terms: string[]): Set<string> {
  const found = new Set<string>();
  terms.forEach((t, id) => {
    for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) found.add(`${id}@${i + t.length - 1}`);
  });
  return found;
}

function viaAutomaton(text: string, terms: string[]): Set<string> {
  const a = new Automaton(terms.map(toCodes));
  const codes = toCodes(text);
  const found = new Set<string>();
  a.scan(codes, codes.length, (p, end) => found.add(`${p}@${end}`));
  return found;
}

// A small alphabet makes shared prefixes and overlapping terms common.
const alphabet = fc.constantFrom(..."赌博彩票网站abc");
const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 5 });

describe("Aho–Corasick automaton", () => {
  it("finds exactly what naive substring search finds, including terms sharing prefixes", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.string({ unit: alphabet, maxLength: 60 }),
        (terms, text) => {
          expect(viaAutomaton(text, terms)).toEqual(naive(text, terms));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds every term planted in random text", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.string({ unit: alphabet, maxLength: 8 }))),
        (terms, pieces) => {
          const text = pieces.map(([i, filler]) => filler + terms[i % terms.length]).join("");
          const found = viaAutomaton(text, terms);
          pieces.forEach(([i]) => {
            const id = i % terms.length;
            expect([...found].some((f) => f.startsWith(`${id}@`))).toBe(true);
          });
          expect(found).toEqual(naive(text, terms));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("engine robustness", () => {
  it("never throws on random Unicode and keeps every span inside the message", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const v = engine().moderate({ text });
        for (const s of v.spans) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(s.start).toBeLessThanOrEqual(s.end);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("finds lexicon terms planted in random Chinese text with their original spans", () => {
    const terms = ["赌博", "百家乐", "恐怖袭击", "代开发票"];
    fc.assert(
      fc.property(
        fc.constantFrom(...terms),
        fc.string({ unit: fc.constantFrom(..."的一是在了有和人这中大为上个国"), maxLength: 20 }),
        (term, filler) => {
          const text = `${filler}${term}${filler}`;
          const v = engine().moderate({ text });
          expect(v.spans.some((s) => text.slice(s.start, s.end) === term)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
