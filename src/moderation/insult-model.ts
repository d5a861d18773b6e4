import { readFileSync } from "node:fs";
import { z } from "zod";
import type { NormalisedText } from "./normaliser.js";
import { validate } from "./validation.js";

/** Number of hash buckets as a power of two; the artefact stores one int8 weight per bucket. */
export const DEFAULT_BITS = 18;

const artefact = z
  .object({
    kind: z.literal("watchkeeper-insult-ngram-lr"),
    version: z.literal(1),
    bits: z.number().int().min(10).max(22),
    bias: z.number(),
    scale: z.number().positive(),
    /** int8 weights, base64. */
    weights: z.string(),
    trainedOn: z.string().optional(),
    dev: z.record(z.string(), z.number()).optional(),
  })
  .strict();

/** The serialised model as stored under policy/moderation/models/. */
export type InsultModelArtefact = z.infer<typeof artefact>;

/**
 * Calls `emit(bucket)` for every hashed character 1-, 2- and 3-gram of the normalised text.
 * Shared by training and scoring so both see exactly the same features.
 */
export function forEachFeature(t: NormalisedText, bits: number, emit: (bucket: number) => void): void {
  const mask = (1 << bits) - 1;
  const codes = t.codes;
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < t.length; i++) {
    const c = codes[i]!;
    const h1 = Math.imul(c, 0x9e3779b1);
    emit((h1 ^ (h1 >>> 15)) & mask);
    if (i >= 1) {
      const h2 = Math.imul(h1 ^ Math.imul(p1, 0x85ebca77), 0xc2b2ae3d);
      emit((h2 ^ (h2 >>> 13)) & mask);
      if (i >= 2) {
        const h3 = Math.imul(h2 ^ Math.imul(p2, 0x27d4eb2f), 0x165667b1);
        emit((h3 ^ (h3 >>> 16)) & mask);
      }
    }
    p2 = p1;
    p1 = c;
  }
}

/** Logistic regression over hashed character n-grams, for insults and discrimination. */
export class InsultModel {
  /**
   * The int8 weights as stored (256 KB at 18 bits, not 1 MB as float32: scoring reads three
   * random buckets per character, so the smaller table stays in cache). Each read is widened as
   * Math.fround(q × scale), exactly the float32 value a Float32Array would hold.
   */
  private readonly weights: Int8Array;
  private readonly scale: number;
  private readonly bias: number;
  readonly bits: number;

  constructor(a: InsultModelArtefact) {
    this.bits = a.bits;
    this.bias = a.bias;
    this.scale = a.scale;
    this.weights = Int8Array.from(Buffer.from(a.weights, "base64"), (b) => (b << 24) >> 24);
  }

  /** Loads and validates a model artefact file. */
  static load(file: string): InsultModel {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      return validate(file, { cannotRead: (e as Error).message }, artefact) as never;
    }
    const a = validate(file, raw, artefact);
    if (Buffer.from(a.weights, "base64").length !== 1 << a.bits) {
      return validate(file, { ...a, weights: 0 }, artefact) as never;
    }
    return new InsultModel(a);
  }

  /** Probability that the normalised text is insulting or discriminatory. */
  score(t: NormalisedText): number {
    // forEachFeature inlined (same hashes, checked by a test): scoring runs on every message.
    const w = this.weights;
    const scale = this.scale;
    const mask = (1 << this.bits) - 1;
    const codes = t.codes;
    let z = 0;
    let p1 = 0;
    let p2 = 0;
    for (let i = 0; i < t.length; i++) {
      const c = codes[i]!;
      const h1 = Math.imul(c, 0x9e3779b1);
      z += Math.fround(w[(h1 ^ (h1 >>> 15)) & mask]! * scale);
      if (i >= 1) {
        const h2 = Math.imul(h1 ^ Math.imul(p1, 0x85ebca77), 0xc2b2ae3d);
        z += Math.fround(w[(h2 ^ (h2 >>> 13)) & mask]! * scale);
        if (i >= 2) {
          const h3 = Math.imul(h2 ^ Math.imul(p2, 0x27d4eb2f), 0x165667b1);
          z += Math.fround(w[(h3 ^ (h3 >>> 16)) & mask]! * scale);
        }
      }
      p2 = p1;
      p1 = c;
    }
    const n = t.length < 2 ? t.length : 3 * t.length - 3; // unigrams + bigrams + trigrams
    // Features are scaled by 1/sqrt(n) in training too, so long messages are not pushed to the extremes.
    const s = n ? this.bias + z / Math.sqrt(n) : this.bias;
    return 1 / (1 + Math.exp(-s));
  }
}
