/** Runs every bench module listed here, one after another. Add yours to the list. */
const modules: { name: string; load: () => Promise<{ run: () => Promise<void> }> }[] = [
  { name: "moderation", load: () => import("./moderation.js") },
  { name: "deadlines", load: () => import("./deadlines.js") },
  { name: "slack", load: () => import("./slack.js") },
  { name: "telegram", load: () => import("./telegram.js") },
  { name: "e2e", load: () => import("./e2e.js") },
];

for (const m of modules) {
  console.log(`\n=== ${m.name} ===`);
  await (await m.load()).run();
}
