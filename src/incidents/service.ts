import { EventEmitter } from "node:events";
import type { AppContext } from "../app/context.js";
import { CodedError } from "../core/errors.js";
import type { PrismaClient } from "../db/database.js";
import type { Locale } from "../i18n/i18n.js";
import type { TimerJob } from "./deadlines/jobs.js";
import type { DeadlineTimers } from "./deadlines/timers.js";
import type { IncidentPolicy } from "./policy/schema.js";

/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** What happened, as the simulator's transcript and other listeners see it (emitted after commit). */
export type IncidentEventKind =
  | "incident_opened"
  | "deadline_set"
  | "reminder"
  | "deadline_met"
  | "deadline_missed"
  | "escalated"
  | "reassigned"
  | "acknowledged"
  | "refused";

export interface IncidentEvent {
  kind: IncidentEventKind;
  at: Date;
  /** Incident number (INC-2026-0001). */
  incident: string;
  /** "ack" or a duty id. */
  deadline?: string;
  /** Person ids concerned (new owner, actor refused, …), comma-separated. */
  to?: string;
  text: string;
}

export const incidentErrors = {
  notInstalled: "watchkeeper_incidents_not_installed",
  invalidInput: "watchkeeper_incidents_invalid_input",
} as const;

/** The running incident feature of one app: its policy, timers and event stream. */
export class IncidentService {
  readonly events = new EventEmitter();
  /**
   * Test hook: runs after a timer's state change commits and before its notices go out. Throwing here
   * stands for a crash at the worst moment; the notice stays pending and the reconciler delivers it.
   */
  hooks: { afterCommit?: (job: TimerJob) => void | Promise<void> } = {};

  /**
   * Who is on duty in a unit at a time (set by the duties feature). During a shift the person on duty
   * is the first level of a new incident's chain (DOMAIN.md §7: 值班).
   */
  onDuty: ((unitId: string, at: Date) => Promise<string | null>) | undefined;

  constructor(
    readonly app: AppContext,
    readonly policy: IncidentPolicy,
    readonly timers: DeadlineTimers,
    /** True under a virtual clock: timers fire when the clock advances. */
    readonly virtual: boolean,
  ) {}

  get prisma(): PrismaClient {
    return this.app.db.prisma;
  }

  /** Language of group posts and of people without a preference. */
  get locale(): Locale {
    return this.app.config.locale;
  }

  now(): Date {
    return this.app.clock.now();
  }

  emit(e: Omit<IncidentEvent, "at">): void {
    this.events.emit("event", { ...e, at: this.now() } satisfies IncidentEvent);
  }

  onEvent(listener: (e: IncidentEvent) => void): () => void {
    this.events.on("event", listener);
    return () => this.events.off("event", listener);
  }

  async localeOf(personId: string): Promise<Locale> {
    return (await this.app.directory.person(personId))?.locale ?? this.locale;
  }
}

const services = new WeakMap<AppContext, IncidentService>();

export function registerIncidentService(app: AppContext, svc: IncidentService): void {
  services.set(app, svc);
}

/** The incident service installed in `app`, or undefined when the incidents feature is not installed. */
export function findIncidentService(app: AppContext): IncidentService | undefined {
  return services.get(app);
}

/** The incident service installed in `app`; throws when the incidents feature is not installed. */
export function incidentServiceOf(app: AppContext): IncidentService {
  const svc = services.get(app);
  if (!svc) throw new CodedError(incidentErrors.notInstalled, "the incidents feature is not installed in this app");
  return svc;
}
