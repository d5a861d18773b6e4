// The duties feature's public surface.
export { createDutiesFeature, type DutiesFeatureOptions, dutiesFeature } from "./feature.js";
export { type CheckSpec, type DutiesPolicy, loadDutiesPolicy, minimumRetentionDays, type Roster } from "./policy.js";
export { type DutyFigures, dutiesReport, formatDutiesReport } from "./report.js";
export { onDutyFor } from "./roster.js";
export { checkRunsOn, cronPatternFor, type Occurrence, occurrencesBetween } from "./schedule.js";
export { type DutiesService, dutiesServiceOf } from "./service.js";
