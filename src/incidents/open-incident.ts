import type { AppContext } from "../app/context.js";
import { CodedError } from "../core/errors.js";
import { metricsOf } from "../observability/metrics.js";
import { chainFor, levelForRole, withOnDuty } from "./chain.js";
import { jobsFor } from "./deadlines/jobs.js";
import { createDeadline, type DeadlineRow } from "./deadlines/rows.js";
import { type EvidenceItem, evidenceHash, gatherEvidence } from "./evidence.js";
import { beijingYear, formatTime } from "./format.js";
import { categoryName } from "./incident-view.js";
import { m } from "./messages.js";
import { deliverPending } from "./notices.js";
import { findCategory, parseSeverity, resolveRule } from "./policy/resolve.js";
import { incidentErrors, incidentServiceOf } from "./service.js";

/** Who reported: a directory person, someone outside it (platform:externalId), or the system (e.g. moderation). */
export type Reporter = { personId: string } | { external: string } | { system: true; feature?: string };

export interface OpenIncidentInput {
  /** Category id or name ("intrusion", "黑客攻击"). */
  category: string;
  /** "general" … "especially_major", or 一般/较大/重大/特别重大. */
  severity: string;
  unitId: string;
  description: string;
  affectedSystem?: string;
  reporter: Reporter;
  /** The group it was reported in (or where the offending message was): its recent messages are frozen. */
  sourceGroupId?: string;
  /** StoredMessage ids to freeze as evidence in any case (e.g. the flagged message). */
  evidenceMessageIds?: string[];
  /** The message the report replied to (StoredMessage id). */
  repliedMessageId?: string;
  /** Freeze the group's recent messages (default: when sourceGroupId is given). */
  collectRecent?: boolean;
  /** How it came in, for the audit log ("command", "form", "moderation", …). */
  via?: string;
}

export interface OpenedIncident {
  id: string;
  number: string;
  evidence: number;
  deadlines: { key: string; ownerPersonIds: string[]; dueAt: Date }[];
}

function reporterId(r: Reporter): string {
  return "personId" in r ? r.personId : "external" in r ? r.external : "system";
}

/**
 * Opens an incident: freezes the policy rule and responsibility chain, numbers it (INC-<year>-<seq>),
 * freezes evidence, creates its deadlines, audits all of it in one transaction, then arms the timers
 * and notifies the chain. Other features (moderation) call this for the gravest cases.
 */
export async function openIncident(app: AppContext, input: OpenIncidentInput): Promise<OpenedIncident> {
  const svc = incidentServiceOf(app);
  const category = findCategory(svc.policy, input.category);
  if (!category) throw new CodedError(incidentErrors.invalidInput, `unknown incident category "${input.category}"`);
  const severity = parseSeverity(input.severity);
  if (!severity) throw new CodedError(incidentErrors.invalidInput, `unknown severity "${input.severity}"`);
  if (!input.description.trim()) throw new CodedError(incidentErrors.invalidInput, "an incident needs a description");
  if (!(await app.directory.unit(input.unitId)))
    throw new CodedError(incidentErrors.invalidInput, `unknown unit "${input.unitId}"`);

  const rule = resolveRule(svc.policy, category, severity);
  const now = svc.now();
  const onDutyId = svc.onDuty ? await svc.onDuty(input.unitId, now) : null;
  const onDuty = onDutyId ? await app.directory.person(onDutyId) : null;
  const chain = withOnDuty(
    await chainFor(app.directory, rule.chain, input.unitId),
    onDuty?.active ? { id: onDuty.id, name: onDuty.name } : null,
  );
  const year = beijingYear(now);
  const actor = reporterId(input.reporter);
  const named = [
    ...(input.repliedMessageId ? [{ id: input.repliedMessageId, kind: "replied_message" as const }] : []),
    ...(input.evidenceMessageIds ?? []).map((id) => ({ id, kind: "flagged_message" as const })),
  ];

  const { incident, deadlines, evidence } = await svc.prisma.$transaction(async (tx) => {
    // One row per year, incremented under its row lock: concurrent reports never share a number.
    const [counter] = await tx.$queryRawUnsafe<{ last: number }[]>(
      `INSERT INTO "IncidentCounter" ("year", "last") VALUES ($1, 1)
       ON CONFLICT ("year") DO UPDATE SET "last" = "IncidentCounter"."last" + 1 RETURNING "last"`,
      year,
    );
    const seq = Number(counter!.last);
    const number = `INC-${year}-${String(seq).padStart(4, "0")}`;
    const incident = await tx.incident.create({
      data: {
        number,
        year,
        seq,
        category,
        severity,
        unitId: input.unitId,
        description: input.description.trim(),
        affectedSystem: input.affectedSystem?.trim() || null,
        reporterPersonId: "personId" in input.reporter ? input.reporter.personId : null,
        reporterExternal: "external" in input.reporter ? input.reporter.external : null,
        sourceGroupId: input.sourceGroupId ?? null,
        policySnapshot: rule as object,
        chainSnapshot: chain as object,
        openedAt: now,
      },
    });

    const collect = input.collectRecent ?? input.sourceGroupId !== undefined;
    const items: EvidenceItem[] = [
      {
        kind: "report",
        content: {
          reporter: actor,
          via: input.via ?? "api",
          category,
          severity,
          description: input.description.trim(),
          affectedSystem: input.affectedSystem ?? null,
          at: now.toISOString(),
        },
      },
      ...(await gatherEvidence(tx, {
        groupId: collect ? input.sourceGroupId : null,
        now,
        windowMs: rule.evidence.windowMs,
        max: rule.evidence.maxMessages,
        named,
      })),
    ];
    await tx.evidence.createMany({
      data: items.map((e) => ({
        incidentId: incident.id,
        kind: e.kind,
        messageId: e.messageId ?? null,
        content: e.content as object,
        contentHash: evidenceHash(e),
        addedBy: actor,
        addedAt: now,
      })),
    });

    const deadlines: DeadlineRow[] = [];
    if (chain.levels.length > 0) {
      const first = chain.levels[0]!;
      deadlines.push(
        await createDeadline(tx, {
          incidentId: incident.id,
          kind: "ack",
          level: 0,
          chain,
          dueAt: new Date(now.getTime() + rule.ack.windowsMs[first.role]!),
          remindBeforeMs: rule.ack.remindBeforeMs,
          from: now,
          notice: "assigned",
        }),
      );
      for (const duty of rule.duties) {
        const level = levelForRole(chain, rule.chain, duty.owner);
        deadlines.push(
          await createDeadline(tx, {
            incidentId: incident.id,
            kind: "duty",
            dutyId: duty.id,
            level,
            chain,
            dueAt: new Date(now.getTime() + duty.dueMs),
            remindBeforeMs: duty.remindBeforeMs,
            from: now,
            notice: "assigned",
          }),
        );
      }
    }

    await app.audit.append(
      {
        actor,
        action: "incident.opened",
        subjectType: "incident",
        subjectId: incident.id,
        data: {
          number,
          category,
          severity,
          unitId: input.unitId,
          via: input.via ?? "api",
          sourceGroupId: input.sourceGroupId ?? null,
          evidence: items.length,
          rules: rule.rules,
          policyHash: rule.policyHash,
          chain: chain.levels.map((l) => `${l.role}@${l.unitId}:${l.personIds.join("+")}`),
        },
      },
      tx,
    );
    for (const d of deadlines) {
      await app.audit.append(
        {
          actor: "system",
          action: "deadline.set",
          subjectType: "incident",
          subjectId: incident.id,
          data: {
            number,
            deadline: d.id,
            key: d.dutyId ?? "ack",
            owners: d.ownerPersonIds,
            dueAt: d.dueAt.toISOString(),
            level: d.level,
          },
        },
        tx,
      );
    }
    return { incident, deadlines, evidence: items.length };
  });

  const locale = svc.locale;
  metricsOf(app).incidentsOpened.inc({ category: incident.category, severity: incident.severity });
  svc.emit({
    kind: "incident_opened",
    incident: incident.number,
    to: incident.sourceGroupId ?? incident.unitId,
    text: `${categoryName(svc, incident, locale)} ${severity}: ${incident.description}`,
  });
  for (const d of deadlines) {
    svc.emit({
      kind: "deadline_set",
      incident: incident.number,
      deadline: d.dutyId ?? "ack",
      to: d.ownerPersonIds.join(","),
      text: `${d.dutyId ? (rule.duties.find((x) => x.id === d.dutyId)?.title[locale] ?? d.dutyId) : m(locale, "ackWhat")} → ${formatTime(d.dueAt)}`,
    });
  }
  await svc.timers.schedule(deadlines.flatMap(jobsFor));
  await deliverPending(svc, incident.id);
  return {
    id: incident.id,
    number: incident.number,
    evidence,
    deadlines: deadlines.map((d) => ({ key: d.dutyId ?? "ack", ownerPersonIds: d.ownerPersonIds, dueAt: d.dueAt })),
  };
}
