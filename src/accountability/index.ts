// The accountability feature's public surface.
export { type AssessmentOptions, type AssessmentReport, assessmentReport, renderAssessment } from "./assessment.js";
export { closeCase, recordImplementation } from "./closing.js";
export { answerApproval, type DecisionInput, decide } from "./decision.js";
export { accountabilityFeature, createAccountabilityFeature } from "./feature.js";
export { addFinding, addSubject, openCase, setMitigation, submitReport } from "./investigation.js";
export { noticeDraft } from "./notice.js";
export {
  type AccountabilityPolicy,
  loadAccountabilityPolicy,
  parseProcedure,
  parseSanctionMatrix,
} from "./policy/load.js";
export { type Conduct, conductKinds, type Sanction, sanctionKinds } from "./policy/schema.js";
export { type ReviewAnswers, review, reviewPoints } from "./review.js";
export { lighten, matchRule, type Proposal, propose, type SubjectFacts } from "./sanctions.js";
export { type AccountabilityService, accountabilityServiceOf } from "./service.js";
