/**
 * Trains the insult/discrimination model (hashed character 1–3-gram logistic regression) on
 * COLD train, picks the threshold on COLD dev, and writes policy/moderation/models/insult-ngram.json.
 * Usage: npx tsx scripts/moderation/train-insult-model.ts [--bits 18] [--epochs 6] [--max-safe-fp 0.03]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { charTables } from "../../src/moderation/char-table.js";
import { DEFAULT_BITS, forEachFeature, InsultModel } from "../../src/moderation/insult-model.js";
import { createNormalisedText, normalise } from "../../src/moderation/normaliser.js";
import { packageRoot } from "../../src/moderation/package-root.js";
import { readCold } from "./cold.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const bits = arg("bits", DEFAULT_BITS);
const epochs = arg("epochs", 6);
const maxSafeFp = arg("max-safe-fp", 0.03);
const lr = 0.2;
const l2 = 1e-6;

const tables = charTables();
const featurise = (text: string): Int32Array => {
  const t = normalise(text, tables, createNormalisedText());
  const f: number[] = [];
  forEachFeature(t, bits, (b) => f.push(b));
  return Int32Array.from(f);
};

const train = readCold("train").map((r) => ({ y: r.label, f: featurise(r.text) }));
const dev = readCold("dev");
console.log(`train ${train.length} rows, dev ${dev.length} rows, ${1 << bits} buckets`);

const w = new Float64Array(1 << bits);
const g2 = new Float64Array(1 << bits).fill(1e-8);
let bias = 0;
let biasG2 = 1e-8;
// Deterministic shuffle so the artefact is reproducible.
let seed = 12345;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = train.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [train[i], train[j]] = [train[j]!, train[i]!];
  }
  let loss = 0;
  for (const { y, f } of train) {
    const s = 1 / Math.sqrt(Math.max(1, f.length));
    let z = bias;
    for (const b of f) z += w[b]! * s;
    const p = 1 / (1 + Math.exp(-z));
    loss -= y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12);
    const g = p - y;
    for (const b of f) {
      const gi = g * s + l2 * w[b]!;
      g2[b]! += gi * gi;
      w[b]! -= (lr * gi) / Math.sqrt(g2[b]!);
    }
    biasG2 += g * g;
    bias -= (lr * g) / Math.sqrt(biasG2);
  }
  console.log(`epoch ${epoch + 1}: mean log-loss ${(loss / train.length).toFixed(4)}`);
}

// Quantise to int8 so the artefact stays small and reviewable in size.
let maxAbs = 0;
for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
const scale = maxAbs / 127;
const q = new Int8Array(w.length);
for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
const artefact = {
  kind: "watchkeeper-insult-ngram-lr" as const,
  version: 1 as const,
  bits,
  bias,
  scale,
  weights: Buffer.from(q.buffer).toString("base64"),
  trainedOn: "COLD train (thu-coai/COLDataset a0c55a9), char 1-3-grams, hashed, Adagrad LR",
  dev: {} as Record<string, number>,
};

const model = new InsultModel(artefact);
const buf = createNormalisedText();
const scored = dev.map((r) => ({ y: r.label, p: model.score(normalise(r.text, tables, buf)) }));
const safe = scored
  .filter((s) => s.y === 0)
  .map((s) => s.p)
  .sort((a, b) => b - a);
// Smallest threshold keeping the safe false-positive rate within budget.
const threshold = Math.min(0.99, safe[Math.floor(safe.length * maxSafeFp)]! + 1e-6);
const stats = (th: number) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const s of scored) {
    if (s.p >= th) s.y ? tp++ : fp++;
    else s.y ? fn++ : tn++;
  }
  return {
    threshold: th,
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    safeFp: fp / (fp + tn),
    accuracy: (tp + tn) / scored.length,
  };
};
const atThreshold = stats(threshold);
const atHalf = stats(0.5);
console.log("dev at 0.5:", atHalf);
console.log("dev at chosen threshold:", atThreshold);
artefact.dev = {
  threshold: Number(threshold.toFixed(4)),
  precision: Number(atThreshold.precision.toFixed(4)),
  recall: Number(atThreshold.recall.toFixed(4)),
  safeFp: Number(atThreshold.safeFp.toFixed(4)),
  accuracyAtHalf: Number(atHalf.accuracy.toFixed(4)),
};
const out = join(packageRoot(), "policy", "moderation", "models", "insult-ngram.json");
writeFileSync(out, JSON.stringify(artefact));
console.log(`wrote ${out}; set insultModel.threshold in policy.yaml to ${artefact.dev["threshold"]}`);
