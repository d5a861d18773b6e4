#!/usr/bin/env node
// The `watchkeeper` command. Runs the compiled CLI (npm ci builds it via `prepare`).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const entry = join(dirname(fileURLToPath(import.meta.url)), "../dist/src/cli/main.js");
if (!existsSync(entry)) {
  process.stderr.write("watchkeeper: not built yet; run `npm run build` (npm ci does it for you)\n");
  process.exit(1);
}
const { main } = await import(entry);
await main(process.argv);
