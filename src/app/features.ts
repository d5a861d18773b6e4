import { accountabilityFeature } from "../accountability/feature.js";
import { coreCommands } from "../bot/core-commands.js";
import { dashboardFeature } from "../dashboard/feature.js";
import { dutiesFeature } from "../duties/feature.js";
import { escalateToIncident } from "../enforcement/escalate-incident.js";
import { moderationFeature } from "../enforcement/feature.js";
import { incidentsFeature } from "../incidents/feature.js";
import { observabilityFeature } from "../observability/feature.js";
import type { Feature } from "./context.js";

/** The capabilities a normal start installs, in order. */
export function shippedFeatures(): Feature[] {
  return [
    coreCommands,
    incidentsFeature,
    dutiesFeature,
    accountabilityFeature,
    moderationFeature({ escalate: escalateToIncident }),
    observabilityFeature,
    dashboardFeature,
  ];
}
