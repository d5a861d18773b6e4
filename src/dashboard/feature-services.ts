import type { AppContext } from "../app/context.js";
import { type DutiesService, dutiesServiceOf } from "../duties/index.js";
import type { Locale } from "../i18n/i18n.js";
import { type IncidentService, incidentServiceOf } from "../incidents/index.js";

// The dashboard runs with or without these features; a page shows what is installed.

/** The incident service, or null when the incidents feature is not installed. */
export function incidentsOrNull(app: AppContext): IncidentService | null {
  try {
    return incidentServiceOf(app);
  } catch {
    return null;
  }
}

/** The duties service, or null when the duties feature is not installed. */
export function dutiesOrNull(app: AppContext): DutiesService | null {
  try {
    return dutiesServiceOf(app);
  } catch {
    return null;
  }
}

/** An incident category's name from the policy, else its id. */
export function incidentCategoryName(app: AppContext, category: string, locale: Locale): string {
  return incidentsOrNull(app)?.policy.categories[category]?.[locale] ?? category;
}
