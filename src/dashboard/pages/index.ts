import type { DashboardPage } from "../page-registry.js";
import { chartsPage } from "./charts.js";
import { dutiesPage } from "./duties.js";
import { homePage } from "./home.js";
import { incidentDetailPage } from "./incident-detail.js";
import { incidentsPage } from "./incidents.js";
import { moderationPage } from "./moderation.js";
import { orgPage } from "./org.js";
import { orgDetailPages } from "./org-detail.js";

/**
 * The dashboard's pages, in navigation order. A new page is one file exporting a DashboardPage, added
 * here.
 */
export function dashboardPages(): DashboardPage[] {
  return [homePage, orgPage, orgDetailPages, incidentsPage, incidentDetailPage, moderationPage, dutiesPage, chartsPage];
}
