import type { AppContext, Feature } from "../app/context.js";
import { registerCaseCommands } from "./commands.js";
import { defaultAccountabilityDir, loadAccountabilityPolicy } from "./policy/load.js";
import { AccountabilityService, registerAccountabilityService } from "./service.js";

export interface AccountabilityFeatureOptions {
  /** Folder with sanctions.yaml and procedure.yaml. @defaultValue `<policyDir>/accountability` */
  policyDir?: string;
}

/** Investigation, four-point review, decision and sanctions (篇五 第十四–十九条); needs the incidents feature. */
export function createAccountabilityFeature(options: AccountabilityFeatureOptions = {}): Feature {
  return {
    name: "accountability",
    install(app: AppContext) {
      const policy = loadAccountabilityPolicy(options.policyDir ?? defaultAccountabilityDir(app.config.policyDir));
      const svc = new AccountabilityService(app, policy);
      registerAccountabilityService(app, svc);
      registerCaseCommands(svc);
    },
  };
}

export const accountabilityFeature: Feature = createAccountabilityFeature();
