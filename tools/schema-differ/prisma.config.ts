// Dev-only config for Prisma 6.19's JS schema engine (see scripts/migration-sql.mjs). It diffs two
// schema datamodels without any native binary. Never on Watchkeeper's runtime path.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

export default {
  engine: "js",
  experimental: { adapter: true },
  schema: process.env.WK_DIFF_SCHEMA,
  adapter: async () => new PrismaPGlite(new PGlite()),
};
