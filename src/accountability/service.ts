import type { AppContext } from "../app/context.js";
import { CodedError } from "../core/errors.js";
import type { PrismaClient } from "../db/database.js";
import { type IncidentService, incidentServiceOf } from "../incidents/index.js";
import type { AccountabilityPolicy } from "./policy/load.js";

export const accountabilityErrors = {
  notInstalled: "watchkeeper_accountability_not_installed",
  invalidInput: "watchkeeper_accountability_invalid_input",
} as const;

/** The running accountability feature of one app: its policy and the incident service it builds on. */
export class AccountabilityService {
  constructor(
    readonly app: AppContext,
    readonly policy: AccountabilityPolicy,
  ) {}

  get prisma(): PrismaClient {
    return this.app.db.prisma;
  }

  /** Resolved on use: the incidents feature may be installed after this one. */
  get incidents(): IncidentService {
    return incidentServiceOf(this.app);
  }

  now(): Date {
    return this.app.clock.now();
  }
}

const services = new WeakMap<AppContext, AccountabilityService>();

export function registerAccountabilityService(app: AppContext, svc: AccountabilityService): void {
  services.set(app, svc);
}

/** The accountability service installed in `app`; throws when the feature is not installed. */
export function accountabilityServiceOf(app: AppContext): AccountabilityService {
  const svc = services.get(app);
  if (!svc) throw new CodedError(accountabilityErrors.notInstalled, "the accountability feature is not installed");
  return svc;
}
