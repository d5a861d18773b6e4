import type { AppContext } from "../app/context.js";
import { CodedError } from "../core/errors.js";
import type { Locale } from "../i18n/i18n.js";
import type { PersonInfo, Role } from "../org/directory.js";
import type { DutiesPolicy, Roster } from "./policy.js";

export const dutiesErrors = {
  notInstalled: "watchkeeper_duties_not_installed",
  invalidInput: "watchkeeper_duties_invalid_input",
} as const;

/** What the duties feature holds for the running app: its policy, roster and helpers. */
export class DutiesService {
  constructor(
    readonly app: AppContext,
    readonly policy: DutiesPolicy,
    readonly roster: Roster,
  ) {}

  get prisma() {
    return this.app.db.prisma;
  }
  get tz(): string {
    return this.policy.timezone;
  }
  now(): Date {
    return this.app.clock.now();
  }

  async localeOf(personId: string): Promise<Locale> {
    return (await this.app.directory.person(personId))?.locale ?? this.app.config.locale;
  }

  async nameOf(personId: string | null | undefined): Promise<string> {
    if (!personId) return "-";
    return (await this.app.directory.person(personId))?.name ?? personId;
  }

  async unitName(unitId: string): Promise<string> {
    return (await this.app.directory.unit(unitId))?.name ?? unitId;
  }

  /** Holders of `role` nearest to `unitId`, walking up the unit tree (谁主管谁负责). */
  async nearestHolders(unitId: string, role: Role): Promise<PersonInfo[]> {
    for (const u of await this.app.directory.unitAncestry(unitId)) {
      const h = await this.app.directory.holders(u.id, role);
      if (h.length) return h;
    }
    return [];
  }
}

const services = new WeakMap<AppContext, DutiesService>();

export function registerDutiesService(app: AppContext, svc: DutiesService): void {
  services.set(app, svc);
}

export function dutiesServiceOf(app: AppContext): DutiesService {
  const svc = services.get(app);
  if (!svc) throw new CodedError(dutiesErrors.notInstalled, "the duties feature is not installed");
  return svc;
}
