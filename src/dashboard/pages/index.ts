import type { DashboardPage } from "../page-registry.js";
import { homePage } from "./home.js";
import { orgPage } from "./org.js";
import { orgDetailPages } from "./org-detail.js";

/**
 * The dashboard's pages, in navigation order. A new page (incidents, moderation review queue, duties
 * calendar, charts) is one file exporting a DashboardPage, added here.
 */
export function dashboardPages(): DashboardPage[] {
  return [homePage, orgPage, orgDetailPages];
}
