import type { AppContext, Feature } from "../app/context.js";
import { findIncidentService } from "../incidents/service.js";
import { registerDutyCommands } from "./duty-command.js";
import { DutyEngine } from "./engine.js";
import { registerHandover } from "./handover.js";
import { defaultDutiesPolicyPath, loadDutiesPolicy } from "./policy.js";
import { registerPublishing } from "./publish.js";
import { onDutyAt } from "./roster.js";
import { DutiesService, registerDutiesService } from "./service.js";

export interface DutiesFeatureOptions {
  /** Duties policy. @defaultValue `<policyDir>/duties/checks.yaml` (the shipped one without WATCHKEEPER_POLICY_DIR) */
  policyPath?: string;
  /** Roster file. @defaultValue the `roster` the policy names, relative to the policy file */
  rosterPath?: string;
}

/**
 * Routine duties (DOMAIN.md §7): duty roster and swaps, shift handover, scheduled checks that escalate
 * when missed, pre-publication approval, and the daily log-retention purge.
 */
export function createDutiesFeature(options: DutiesFeatureOptions = {}): Feature {
  return {
    name: "duties",
    install(app: AppContext) {
      const { policy, roster } = loadDutiesPolicy(
        options.policyPath ?? defaultDutiesPolicyPath(app.config.policyDir),
        options.rosterPath,
      );
      const svc = new DutiesService(app, policy, roster);
      registerDutiesService(app, svc);
      registerDutyCommands(svc);
      registerHandover(svc);
      registerPublishing(svc);
      // During a shift the person on duty is the first level of a new incident's chain.
      const incidents = findIncidentService(app);
      if (incidents) incidents.onDuty = (unitId, at) => onDutyAt(svc, unitId, at);
      const engine = new DutyEngine(svc);
      app.onStart(() => engine.start());
      app.onStop(() => engine.stop());
      app.readiness("duties", async () => ({
        ok: true,
        detail: `${Object.keys(policy.checks).length} checks, ${Object.keys(roster.units).length} rostered units`,
      }));
    },
  };
}

export const dutiesFeature: Feature = createDutiesFeature();
