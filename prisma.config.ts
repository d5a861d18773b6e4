// Prisma CLI configuration. Only `generate` runs here (offline); migrations are SQL files
// applied by Watchkeeper's own migrator (src/db/migrator.ts).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
});
