/**
 * Moderation throughput: the full pipeline (normaliser, automata, detectors, insult model,
 * verdict) against mint-filter's raw Aho–Corasick on the same messages and the same terms,
 * with the shipped lexicons and with a 65,000-term synthetic lexicon.
 *
 * Rates are CPU time of this process (other work on the machine does not count against either
 * side), engine and mint-filter measured in alternating rounds; the table shows medians.
 * Memory is measured in a fresh child process per engine, so neither the other engine nor
 * mint-filter's trie is counted. Run: node --import tsx bench/moderation.ts
 * (BENCH_MS per round, BENCH_ROUNDS rounds).
 */
import { fork } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Mint } from "mint-filter";
import { parse, stringify } from "yaml";
import { charTables } from "../src/moderation/char-table.js";
import { loadCorpus } from "../src/moderation/evaluation.js";
import { createModerationEngine, type ModerationEngine } from "../src/moderation/index.js";
import { loadLexicons } from "../src/moderation/lexicon.js";
import { CompiledLexicon } from "../src/moderation/matcher.js";
import { defaultPolicyDir } from "../src/moderation/package-root.js";

/** Set in the memory child: which policy folder to load, or `mint:<terms file>`. */
const CHILD_ENV = "WK_MODERATION_BENCH_CHILD";

interface Rate {
  perSec: number;
  charsPerSec: number;
}

interface Memory {
  /** JS heap retained by what was built (after a full GC), MB. */
  heapMB: number;
  /** Typed-array memory retained (outside the JS heap: automata, character tables, model), MB. */
  arrayBuffersMB: number;
  /** Resident set after building and moderating the corpus once, MB. */
  rssMB: number;
  /** Resident set before building (node, tsx and the loaded modules), MB. */
  baseRssMB: number;
  /** Peak resident set of the child, MB. */
  peakRssMB: number;
}

function messages(): string[] {
  const { positive, benign } = loadCorpus();
  return [...positive, ...benign].map((c) => c.text);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function rate(texts: string[], minMs: number, fn: (t: string) => unknown): Rate {
  const chars = texts.reduce((a, t) => a + t.length, 0);
  let rounds = 0;
  const t0 = cpuMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const t of texts) fn(t);
    rounds++;
    elapsed = cpuMs() - t0;
  }
  return { perSec: (rounds * texts.length * 1000) / elapsed, charsPerSec: (rounds * chars * 1000) / elapsed };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
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

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Child-process side: build one engine (or mint-filter), moderate the corpus once, report memory. */
async function measureMemoryInChild(what: string): Promise<void> {
  const texts = messages();
  gc();
  const base = process.memoryUsage();
  let keep: { run(t: string): unknown };
  if (what.startsWith("mint:")) {
    const mint = new Mint(JSON.parse(readFileSync(what.slice(5), "utf8")) as string[]);
    keep = { run: (t) => mint.filter(t, { replace: false }) };
  } else {
    const engine = createModerationEngine({ policyDir: what });
    keep = { run: (t) => engine.moderate({ text: t }) };
  }
  for (const t of texts) keep.run(t);
  gc();
  const m = process.memoryUsage();
  const report: Memory = {
    heapMB: (m.heapUsed - base.heapUsed) / 1e6,
    arrayBuffersMB: (m.arrayBuffers - base.arrayBuffers) / 1e6,
    rssMB: m.rss / 1e6,
    baseRssMB: base.rss / 1e6,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
  };
  keep.run(""); // keeps the engine alive up to the measurement
  process.send?.(report, () => process.disconnect());
}

function memoryOf(what: string): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: [...process.execArgv, "--expose-gc"],
      env: { ...process.env, [CHILD_ENV]: what },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.once("message", (m) => resolve(m as Memory));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`memory child for ${what} exited with ${code}`));
    });
  });
}

interface Row {
  label: string;
  engine: Rate;
  mint: Rate;
  ratio: number;
  compileMs: number;
  mintCompileMs: number;
  terms: number;
  memory: Memory;
  mintMemory: Memory;
}

async function measure(
  label: string,
  engine: ModerationEngine,
  policyDir: string,
  terms: string[],
  texts: string[],
  ms: number,
  rounds: number,
): Promise<Row> {
  // Compile times are wall clock, so take the median of three builds (the engine's own first
  // build, cold JIT included, is one of them).
  const mintBuilds: number[] = [];
  let mint = new Mint([]);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    mint = new Mint(terms);
    mintBuilds.push(performance.now() - t0);
  }
  const lexicons = loadLexicons(join(policyDir, "lexicons"));
  const builds = [engine.lexiconStats.compileMs];
  for (let i = 0; i < 2; i++) {
    builds.push(new CompiledLexicon(lexicons, engine.policy.discussion.cues, charTables()).stats.compileMs);
  }
  const moderate = (text: string) => engine.moderate({ text });
  const filter = (text: string) => mint.filter(text, { replace: false });
  for (let i = 0; i < 20; i++) {
    // Warm-up, so both sides are measured optimised.
    for (const t of texts) moderate(t);
    for (const t of texts) filter(t);
  }
  const e: Rate[] = [];
  const m: Rate[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    e.push(rate(texts, ms, moderate));
    m.push(rate(texts, ms, filter));
    ratios.push(e[r]!.perSec / m[r]!.perSec);
  }
  const termsDir = mkdtempSync(join(tmpdir(), "wk-bench-terms-"));
  const termsFile = join(termsDir, "terms.json");
  writeFileSync(termsFile, JSON.stringify(terms));
  const memory = await memoryOf(policyDir);
  const mintMemory = await memoryOf(`mint:${termsFile}`).finally(() =>
    rmSync(termsDir, { recursive: true, force: true }),
  );
  const med = (rs: Rate[]): Rate => ({
    perSec: median(rs.map((x) => x.perSec)),
    charsPerSec: median(rs.map((x) => x.charsPerSec)),
  });
  return {
    label,
    engine: med(e),
    mint: med(m),
    ratio: median(ratios),
    compileMs: median(builds),
    mintCompileMs: median(mintBuilds),
    terms: engine.lexiconStats.terms,
    memory,
    mintMemory,
  };
}

function printTable(rows: Row[]): void {
  const k = (n: number) => `${Math.round(n / 1000).toLocaleString()}k`;
  const mb = (n: number) => n.toFixed(0);
  const table = rows.flatMap((r) => [
    {
      lexicon: r.label,
      side: "pipeline",
      "msg/s": k(r.engine.perSec),
      "Mchar/s": (r.engine.charsPerSec / 1e6).toFixed(2),
      "ratio vs mint": `${r.ratio.toFixed(2)}x`,
      "compile ms (median of 3)": r.compileMs.toFixed(0),
      "heap+buffers MB": `${mb(r.memory.heapMB)}+${mb(r.memory.arrayBuffersMB)}`,
      "rss MB": `${mb(r.memory.rssMB)} (base ${mb(r.memory.baseRssMB)}, peak ${mb(r.memory.peakRssMB)})`,
    },
    {
      lexicon: "",
      side: "mint-filter",
      "msg/s": k(r.mint.perSec),
      "Mchar/s": (r.mint.charsPerSec / 1e6).toFixed(2),
      "ratio vs mint": "1.00x",
      "compile ms (median of 3)": r.mintCompileMs.toFixed(0),
      "heap+buffers MB": `${mb(r.mintMemory.heapMB)}+${mb(r.mintMemory.arrayBuffersMB)}`,
      "rss MB": `${mb(r.mintMemory.rssMB)} (base ${mb(r.mintMemory.baseRssMB)}, peak ${mb(r.mintMemory.peakRssMB)})`,
    },
  ]);
  console.table(table);
}

/** Runs the moderation bench and prints the figures. */
export async function run(): Promise<void> {
  const ms = Number(process.env["BENCH_MS"] ?? 400);
  const rounds = Number(process.env["BENCH_ROUNDS"] ?? 7);
  const texts = messages();
  console.log(
    `moderation bench: ${texts.length} corpus messages, ${texts.reduce((a, t) => a + t.length, 0)} chars; ${rounds} rounds of ${ms} ms CPU per side, medians`,
  );
  const t0 = performance.now();
  const engine = createModerationEngine();
  console.log(`engine start-up (tables + policy + lexicons + model): ${(performance.now() - t0).toFixed(0)} ms`);
  const shippedTerms = loadLexicons(join(defaultPolicyDir(), "lexicons")).flatMap((l) => l.terms.map((t) => t.term));
  const rows = [await measure("shipped", engine, defaultPolicyDir(), shippedTerms, texts, ms, rounds)];

  const synthetic = syntheticTerms(65_000);
  const dir = syntheticPolicyDir(synthetic);
  try {
    const big = createModerationEngine({ policyDir: dir });
    rows.push(await measure("+65,000 synthetic", big, dir, [...shippedTerms, ...synthetic], texts, ms, rounds));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
  console.log(
    "heap+buffers = JS heap + typed arrays retained by the engine (or mint-filter) alone after GC, each in its own child process; rss = that child's resident set (base = node + tsx + modules before building).",
  );
}

const childTarget = process.env[CHILD_ENV];
if (childTarget) {
  await measureMemoryInChild(childTarget);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
