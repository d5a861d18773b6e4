import type { Feature } from "../app/context.js";
import { openAuthStore } from "./auth/auth-store.js";
import { mountDashboard } from "./mount.js";
import type { DashboardPage } from "./page-registry.js";
import { dashboardPages } from "./pages/index.js";

export interface DashboardOptions {
  /** The pages to serve. @defaultValue dashboardPages() */
  pages?: DashboardPage[];
}

/** The admin dashboard under /dashboard on the app's HTTP port (sign-in required). */
export function createDashboardFeature(options: DashboardOptions = {}): Feature {
  return {
    name: "dashboard",
    async install(app) {
      const store = await openAuthStore(app.db.prisma);
      mountDashboard(app, store, options.pages ?? dashboardPages());
    },
  };
}

export const dashboardFeature = createDashboardFeature();
