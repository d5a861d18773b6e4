// The incidents feature's public surface.
export {
  type ChainLevel,
  type ChainSnapshot,
  chainFor,
  levelForRole,
  mayAct,
  nextLevel,
  resolveChain,
} from "./chain.js";
export { type Actor, acknowledge, completeDuty, escalateNow, type Outcome, reassign } from "./deadline-actions.js";
export { reconcile } from "./deadlines/reconciler.js";
export { createIncidentsFeature, type IncidentsFeatureOptions, incidentsFeature } from "./feature.js";
export { findIncident, type IncidentView } from "./incident-view.js";
export { type OpenedIncident, type OpenIncidentInput, openIncident, type Reporter } from "./open-incident.js";
export {
  defaultPolicyPath,
  findCategory,
  loadIncidentPolicy,
  parseIncidentPolicy,
  parseSeverity,
  type RuleSnapshot,
  resolveRule,
} from "./policy/resolve.js";
export { type IncidentPolicy, type Severity, severities } from "./policy/schema.js";
export { type IncidentEvent, type IncidentService, incidentServiceOf } from "./service.js";
