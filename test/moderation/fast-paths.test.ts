import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Automaton } from "../../src/moderation/automaton.js";
import { charTables } from "../../src/moderation/char-table.js";
import { detectCredentials, foldWidth } from "../../src/moderation/detectors/credentials.js";
import { detectLinks } from "../../src/moderation/detectors/malware.js";
import { detectMarkings } from "../../src/moderation/detectors/secrets.js";
import { forEachFeature, InsultModel, type InsultModelArtefact } from "../../src/moderation/insult-model.js";
import { createNormalisedText, normalise } from "../../src/moderation/normaliser.js";
import { defaultPolicyDir } from "../../src/moderation/package-root.js";
import {
  TRIGGER_CREDENTIAL_HAN,
  TRIGGER_FULL_WIDTH,
  TRIGGER_LETTER,
  TRIGGER_LINK,
  TRIGGER_SECRET,
  TRIGGER_TOKEN_RUN,
  triggers,
} from "../../src/moderation/triggers.js";
import { engine } from "./helpers.js";

// Text made of the characters the gates and detectors care about, plus random Unicode.
const piece = fc.oneof(
  fc.constantFrom(
    ..."密码是口令账号帐号用户名:./-_ 绝密★机密【】[]ＡＢｐａｓｓ１２３：．".split(""),
    "password",
    "pwd=",
    "token",
    "user",
    "-----BEGIN",
    "www.",
    "http://",
    "paypa1.com",
    "AKIA",
    "Abc123!x",
    "1234567890123456",
  ),
  fc.string({ unit: "grapheme", maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 30 }).map((ps) => ps.join(""));

describe("fast paths keep the detectors' answers", () => {
  it("never gates out a message a detector would flag", () => {
    fc.assert(
      fc.property(text, (t) => {
        const bits = triggers(t);
        if (detectCredentials(t).length > 0)
          expect(bits & (TRIGGER_LETTER | TRIGGER_CREDENTIAL_HAN | TRIGGER_TOKEN_RUN)).not.toBe(0);
        if (detectLinks(t).length > 0) expect(bits & TRIGGER_LINK).not.toBe(0);
        if (detectMarkings(t).length > 0) expect(bits & TRIGGER_SECRET).not.toBe(0);
        if (foldWidth(t) !== t) expect(bits & TRIGGER_FULL_WIDTH).not.toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("scores the insult model exactly as the training features say", () => {
    const file = join(defaultPolicyDir(), engine().policy.insultModel.file);
    const artefact = JSON.parse(readFileSync(file, "utf8")) as InsultModelArtefact;
    const model = new InsultModel(artefact);
    const q = Buffer.from(artefact.weights, "base64");
    // The weights as the model holds them: int8 × scale, rounded to float32.
    const weights = Float32Array.from(new Int8Array(q.buffer, q.byteOffset, q.length), (v) => v * artefact.scale);
    const tables = charTables();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const t = normalise(s, tables, createNormalisedText());
        let z = 0;
        let n = 0;
        forEachFeature(t, artefact.bits, (b) => {
          z += weights[b]!;
          n++;
        });
        const expected = 1 / (1 + Math.exp(-(n ? artefact.bias + z / Math.sqrt(n) : artefact.bias)));
        expect(model.score(t)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("Aho–Corasick automaton layouts", () => {
  const toCodes = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
  it("finds the same matches whether root transitions are in the dense row or the hash", () => {
    const alphabet = fc.constantFrom(..."赌博彩票网站abc");
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: alphabet, minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        fc.string({ unit: alphabet, maxLength: 60 }),
        (terms, s) => {
          const dense = new Automaton(terms.map(toCodes));
          const hashed = new Automaton(terms.map(toCodes), 1);
          const codes = toCodes(s);
          const a = dense.find(codes, codes.length);
          const fromDense = Array.from(dense.found.subarray(0, 2 * a));
          const b = hashed.find(codes, codes.length);
          expect(Array.from(hashed.found.subarray(0, 2 * b))).toEqual(fromDense);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("grows its match buffer when a message holds many matches", () => {
    const a = new Automaton([[1], [1, 1], [1, 1, 1]]);
    const codes = new Array(500).fill(1);
    expect(a.find(codes, codes.length)).toBe(500 + 499 + 498);
  });
});
