/**
 * Evaluates the shipped moderation engine: per-category precision/recall on corpus/moderation,
 * the benign false-positive rate, and (when the COLD data is present) the false-positive rate on
 * COLD dev's safe messages. Usage: npx tsx scripts/moderation/eval.ts [--misses]
 */
import { createModerationEngine } from "../../src/moderation/engine.js";
import { evaluate, loadCorpus } from "../../src/moderation/evaluation.js";
import { CATEGORIES } from "../../src/moderation/types.js";
import { readCold } from "./cold.js";

const engine = createModerationEngine();
const { positive, benign } = loadCorpus();
const report = evaluate(engine, positive, benign);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`corpus: ${positive.length} positive, ${benign.length} benign\n`);
console.log(`${"category".padEnd(18)} ${"prec".padStart(7)} ${"recall".padStart(7)}   tp  fn  fp`);
for (const c of CATEGORIES) {
  const s = report.perCategory[c];
  console.log(
    `${c.padEnd(18)} ${pct(s.precision)} ${pct(s.recall)}  ${String(s.tp).padStart(3)} ${String(s.fn).padStart(3)} ${String(s.fp).padStart(3)}`,
  );
}
console.log(`\nbenign false positives: ${report.benign.flagged}/${report.benign.total} = ${pct(report.benign.fpRate)}`);
for (const e of report.benign.examples) console.log(`  FP ${e.id} [${e.categories.join(",")}] ${e.text}`);
if (process.argv.includes("--misses"))
  for (const m of report.misses) console.log(`  MISS ${m.id} got [${m.got.join(",")}] ${m.text}`);

try {
  const dev = readCold("dev");
  const safe = dev.filter((r) => r.label === 0);
  const offensive = dev.filter((r) => r.label === 1);
  const flaggedSafe = safe.filter((r) => engine.moderate({ text: r.text }).flagged);
  const caughtInsult = offensive.filter((r) =>
    engine.moderate({ text: r.text }).categories.includes("insult_defamation"),
  );
  const safeInsult = safe.filter((r) => engine.moderate({ text: r.text }).categories.includes("insult_defamation"));
  const p = caughtInsult.length / (caughtInsult.length + safeInsult.length);
  console.log(
    `\nCOLD dev safe messages flagged (any category): ${flaggedSafe.length}/${safe.length} = ${pct(flaggedSafe.length / safe.length)}`,
  );
  console.log(
    `COLD dev insult_defamation: precision ${pct(p)}, recall ${pct(caughtInsult.length / offensive.length)} (threshold tuned on dev: optimistic)`,
  );
  if (process.argv.includes("--misses")) {
    const cats = new Map<string, number>();
    for (const r of flaggedSafe)
      for (const c of engine.moderate({ text: r.text }).categories) cats.set(c, (cats.get(c) ?? 0) + 1);
    console.log("  COLD safe FP by category:", Object.fromEntries(cats));
    for (const r of flaggedSafe.slice(0, 40))
      console.log(
        `  COLD-FP ${JSON.stringify(engine.moderate({ text: r.text }).spans.map((s) => s.term))} ${r.text.slice(0, 60)}`,
      );
  }
} catch (e) {
  console.log(`\nCOLD dev not evaluated: ${(e as Error).message}`);
}
