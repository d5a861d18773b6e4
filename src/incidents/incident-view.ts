import type { Incident } from "../../generated/prisma/client.js";
import type { Locale } from "../i18n/i18n.js";
import type { ChainSnapshot } from "./chain.js";
import { m } from "./messages.js";
import type { DutySnapshot, RuleSnapshot } from "./policy/resolve.js";
import type { Severity } from "./policy/schema.js";
import type { IncidentService } from "./service.js";

/** An incident with its frozen policy and chain, typed. */
export interface IncidentView {
  id: string;
  number: string;
  category: string;
  severity: Severity;
  unitId: string;
  description: string;
  affectedSystem: string | null;
  sourceGroupId: string | null;
  reporterPersonId: string | null;
  reporterExternal: string | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  state: string;
  rule: RuleSnapshot;
  chain: ChainSnapshot;
}

export function toView(i: Incident): IncidentView {
  return {
    id: i.id,
    number: i.number,
    category: i.category,
    severity: i.severity as Severity,
    unitId: i.unitId,
    description: i.description,
    affectedSystem: i.affectedSystem,
    sourceGroupId: i.sourceGroupId,
    reporterPersonId: i.reporterPersonId,
    reporterExternal: i.reporterExternal,
    openedAt: i.openedAt,
    acknowledgedAt: i.acknowledgedAt,
    acknowledgedBy: i.acknowledgedBy,
    state: i.state,
    rule: i.policySnapshot as unknown as RuleSnapshot,
    chain: i.chainSnapshot as unknown as ChainSnapshot,
  };
}

/** Accepts "INC-2026-0001", "inc-2026-1" or "2026-1". */
export function normaliseNumber(text: string): string | null {
  const mm = /^(?:inc-?)?(\d{4})-(\d{1,6})$/i.exec(text.trim());
  if (!mm) return null;
  return `INC-${mm[1]}-${mm[2]!.padStart(4, "0")}`;
}

export async function findIncident(svc: IncidentService, number: string): Promise<IncidentView | null> {
  const n = normaliseNumber(number);
  if (!n) return null;
  const i = await svc.prisma.incident.findUnique({ where: { number: n } });
  return i ? toView(i) : null;
}

export function dutyOf(inc: IncidentView, dutyId: string | null): DutySnapshot | undefined {
  return dutyId ? inc.rule.duties.find((d) => d.id === dutyId) : undefined;
}

/** "确认收到" for the acknowledgement window, else the duty's title. */
export function whatOf(inc: IncidentView, row: { kind: string; dutyId: string | null }, locale: Locale): string {
  if (row.kind === "ack") return m(locale, "ackWhat");
  return dutyOf(inc, row.dutyId)?.title[locale] ?? row.dutyId ?? "";
}

export function categoryName(svc: IncidentService, inc: { category: string }, locale: Locale): string {
  const c = svc.policy.categories[inc.category];
  return c ? c[locale] : inc.category;
}

/** Display names for person ids: from the frozen chain, else the directory. */
export async function namesOf(
  svc: IncidentService,
  inc: IncidentView,
  ids: readonly string[],
  locale: Locale,
): Promise<string> {
  if (ids.length === 0) return m(locale, "nobody");
  const out: string[] = [];
  for (const id of ids) out.push(inc.chain.names[id] ?? (await svc.app.directory.person(id))?.name ?? id);
  return out.join("、");
}
