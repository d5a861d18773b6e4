/**
 * Moderation throughput: the full pipeline (normaliser, automata, detectors, insult model,
 * verdict) against mint-filter's raw Aho–Corasick on the same messages and the same terms,
 * with the shipped lexicons and with a 65,000-term synthetic lexicon.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Mint } from "mint-filter";
import { parse, stringify } from "yaml";
import { loadCorpus } from "../src/moderation/evaluation.js";
import { createModerationEngine, type ModerationEngine } from "../src/moderation/index.js";
import { loadLexicons } from "../src/moderation/lexicon.js";
import { defaultPolicyDir } from "../src/moderation/package-root.js";

function messages(): string[] {
  const { positive, benign } = loadCorpus();
  return [...positive, ...benign].map((c) => c.text);
}

function timeLoop(texts: string[], minMs: number, fn: (t: string) => unknown): { perSec: number; charsPerSec: number } {
  const chars = texts.reduce((a, t) => a + t.length, 0);
  for (const t of texts) fn(t); // warm-up
  let rounds = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const t of texts) fn(t);
    rounds++;
    elapsed = performance.now() - t0;
  }
  return { perSec: (rounds * texts.length * 1000) / elapsed, charsPerSec: (rounds * chars * 1000) / elapsed };
}

// Deterministic synthetic terms drawn from common Han characters.
function syntheticTerms(n: number): string[] {
  let seed = 42;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const set = new Set<string>();
  while (set.size < n) {
    const len = 2 + Math.floor(rand() * 4);
    let s = "";
    for (let i = 0; i < len; i++) {
      const ch = String.fromCharCode(0x4e00 + Math.floor(rand() * 3500));
      if (s.endsWith(ch)) i--;
      else s += ch;
    }
    set.add(s);
  }
  return [...set];
}

function syntheticPolicyDir(terms: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "wk-bench-"));
  cpSync(defaultPolicyDir(), dir, { recursive: true });
  const file = join(dir, "lexicons", "rumor.yaml");
  const doc = parse(readFileSync(file, "utf8")) as { terms: unknown[] };
  doc.terms.push(...terms);
  writeFileSync(file, stringify(doc));
  return dir;
}

function row(
  label: string,
  engineRate: { perSec: number; charsPerSec: number },
  mintRate: { perSec: number; charsPerSec: number },
) {
  console.log(
    `${label.padEnd(26)} pipeline ${Math.round(engineRate.perSec).toLocaleString().padStart(9)} msg/s ${(engineRate.charsPerSec / 1e6).toFixed(2)} Mchar/s | mint-filter ${Math.round(mintRate.perSec).toLocaleString().padStart(9)} msg/s ${(mintRate.charsPerSec / 1e6).toFixed(2)} Mchar/s | ratio ${(engineRate.perSec / mintRate.perSec).toFixed(2)}x`,
  );
}

function measure(label: string, engine: ModerationEngine, terms: string[], texts: string[], ms: number): void {
  const t0 = performance.now();
  const mint = new Mint(terms);
  const mintCompile = performance.now() - t0;
  const e = timeLoop(texts, ms, (text) => engine.moderate({ text }));
  const m = timeLoop(texts, ms, (text) => mint.filter(text, { replace: false }));
  row(label, e, m);
  console.log(
    `${"".padEnd(26)} compile: lexicon ${engine.lexiconStats.compileMs.toFixed(0)} ms (${engine.lexiconStats.terms} terms, ${engine.lexiconStats.nodes} nodes) | mint-filter ${mintCompile.toFixed(0)} ms`,
  );
}

/** Runs the moderation bench and prints the figures. */
export async function run(): Promise<void> {
  const ms = Number(process.env["BENCH_MS"] ?? 2000);
  const texts = messages();
  console.log(
    `moderation bench: ${texts.length} corpus messages, ${texts.reduce((a, t) => a + t.length, 0)} chars, ${ms} ms per measurement`,
  );
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const engine = createModerationEngine();
  const startup = performance.now() - t0;
  console.log(`engine start-up (tables + policy + lexicons + model): ${startup.toFixed(0)} ms`);
  const shippedTerms = loadLexicons(join(defaultPolicyDir(), "lexicons")).flatMap((l) => l.terms.map((t) => t.term));
  measure("shipped lexicons", engine, shippedTerms, texts, ms);

  const synthetic = syntheticTerms(65_000);
  const big = createModerationEngine({ policyDir: syntheticPolicyDir(synthetic) });
  measure("+ 65,000 synthetic terms", big, [...shippedTerms, ...synthetic], texts, ms);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `memory: peak rss ${(peak / 1e6).toFixed(0)} MB (was ${(rssBefore / 1e6).toFixed(0)} MB before the engines), heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  );
}
