import { canReview } from "../../enforcement/officers.js";
import { type ReviewDecision, type ReviewOutcome, reviewMessage } from "../../enforcement/review.js";
import { actionLabel, type Category, categoryLabel } from "../../moderation/index.js";
import { localTime } from "../countdown.js";
import { categoriesOf, highlightSpans, spansOf } from "../highlight.js";
import { html } from "../html.js";
import { type OpsMessage, ops } from "../ops-messages.js";
import { type DashboardPage, forbidden, type PageContext, type PageResult, page } from "../page-registry.js";
import { mayReviewModeration } from "../scope.js";
import { flaggedMessagesWhere } from "../scoped-queries.js";

const queueLimit = 100;
const reviewedActions = ["moderation.review.restored", "moderation.review.confirmed"];

async function render(ctx: PageContext, notice?: { ok: boolean; text: string }, status?: number) {
  const { prisma } = ctx.app.db;
  const say = (k: OpsMessage, p?: Record<string, string | number>) => ops(ctx.locale, k, p);
  const where = flaggedMessagesWhere(ctx.viewer.scope);
  const openAppeals = await prisma.moderationAppeal.findMany({
    where: { state: "open" },
    orderBy: { createdAt: "asc" },
  });
  // Open appeals first, then the newest acted-on messages.
  const [appealed, recent] = await Promise.all([
    prisma.storedMessage.findMany({ where: { AND: [where, { id: { in: openAppeals.map((a) => a.messageId) } }] } }),
    prisma.storedMessage.findMany({ where, orderBy: { sentAt: "desc" }, take: queueLimit }),
  ]);
  const firstIds = new Set(appealed.map((m) => m.id));
  const messages = [
    ...appealed.sort(
      (a, b) => openAppeals.findIndex((x) => x.messageId === a.id) - openAppeals.findIndex((x) => x.messageId === b.id),
    ),
    ...recent.filter((m) => !firstIds.has(m.id)),
  ];
  const ids = messages.map((m) => m.id);
  const [appeals, reviews, strikes, groups] = await Promise.all([
    prisma.moderationAppeal.findMany({ where: { messageId: { in: ids } }, orderBy: { createdAt: "desc" } }),
    prisma.auditEntry.findMany({
      where: { subjectType: "message", subjectId: { in: ids }, action: { in: reviewedActions } },
      select: { subjectId: true, action: true },
    }),
    prisma.moderationStrike.findMany({
      where: { messageId: { in: ids } },
      select: { messageId: true, clearedAt: true },
    }),
    prisma.chatGroup.findMany({ select: { id: true, name: true, unitId: true } }),
  ]);
  const groupOf = new Map(groups.map((g) => [g.id, g]));
  const reviewable = new Map<string, boolean>();
  const mayDecide = async (unitId: string | null) => {
    const key = unitId ?? "";
    if (!reviewable.has(key)) reviewable.set(key, await canReview(ctx.app.directory, ctx.viewer.person, unitId));
    return reviewable.get(key)!;
  };
  const label = (c: string) => categoryLabel(ctx.locale, c as Category);
  const rows = [];
  for (const m of messages) {
    const group = m.groupId ? groupOf.get(m.groupId) : undefined;
    const appeal = appeals.find((a) => a.messageId === m.id);
    const reviewed = reviews.find((r) => r.subjectId === m.id);
    const strike = strikes.find((s) => s.messageId === m.id);
    const decided = m.actionTaken === "restored" || (!!reviewed && appeal?.state !== "open");
    const open = appeal?.state === "open";
    const buttons =
      !decided || open
        ? (await mayDecide(group?.unitId ?? null)) &&
          html`<form method="post" action="/dashboard/moderation/${encodeURIComponent(m.id)}/restore" class="inline">${ctx.csrfField}<button class="primary restore" type="submit">${say("restoreButton")}</button></form>
<form method="post" action="/dashboard/moderation/${encodeURIComponent(m.id)}/confirm" class="inline">${ctx.csrfField}<button class="confirm" type="submit">${say("confirmButton")}</button></form>`
        : html`<span class="tag">${m.actionTaken === "restored" ? say("restoredTag") : say("confirmedTag")}</span>`;
    rows.push(html`<tr data-message="${m.id}" class="${open ? "appeal-open" : ""}">
<td class="msg">${highlightSpans(m.text, spansOf(m.verdict), label)}<div class="muted">${localTime(m.sentAt)}${m.hidden && html` <span class="tag">${say("hiddenTag")}</span>`}${strike && html` <span class="tag strike" data-cleared="${strike.clearedAt ? "yes" : "no"}">${strike.clearedAt ? say("strikeCleared") : say("strikeActive")}</span>`}</div></td>
<td>${m.senderName ?? m.senderPersonId ?? m.senderExternalId}</td><td>${group?.name ?? m.groupId ?? m.channelExternalId}</td>
<td>${categoriesOf(m.verdict).map((c) => html`<span class="tag cat">${label(c)}</span>`)}<div>${m.actionTaken === "restored" ? say("restoredTag") : actionLabel(ctx.locale, (m.actionTaken ?? "none") as never)}</div></td>
<td>${appeal && (open ? say("appealOpen", { number: appeal.number, reason: appeal.reason }) : say("appealClosed", { number: appeal.number, state: say(`appeal_${appeal.state}` as OpsMessage) }))}</td>
<td>${buttons}</td></tr>`);
  }
  return page(
    say("moderationTitle"),
    html`${notice && html`<p class="notice${notice.ok ? "" : " error"}" id="review-result">${notice.text}</p>`}${
      messages.length
        ? html`<table id="queue"><thead><tr><th>${say("colMessage")}</th><th>${say("colSender")}</th><th>${say("colGroup")}</th><th>${say("colVerdict")}</th><th>${say("colAppeal")}</th><th>${say("colDecision")}</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="muted" id="queue">${say("queueNone")}</p>`
    }`,
    status,
  );
}

async function queue(ctx: PageContext) {
  return mayReviewModeration(ctx.viewer.person) ? render(ctx) : forbidden();
}

const noticeOf = (o: ReviewOutcome): { key: OpsMessage; ok: boolean; status?: number } =>
  o.kind === "refused"
    ? { key: "reviewNotAllowed", ok: false, status: 403 }
    : o.kind === "done"
      ? { key: o.decision === "restore" ? "reviewRestored" : "reviewConfirmed", ok: true }
      : { key: "reviewAlready", ok: false };

function decide(decision: ReviewDecision) {
  return async (ctx: PageContext): Promise<PageResult> => {
    const id = ctx.params.id ?? "";
    const inScope = await ctx.app.db.prisma.storedMessage.count({
      where: { AND: [flaggedMessagesWhere(ctx.viewer.scope), { id }] },
    });
    if (!inScope || !mayReviewModeration(ctx.viewer.person)) {
      await ctx.app.audit.append({
        actor: ctx.viewer.person.id,
        action: "moderation.review.refused",
        subjectType: "message",
        subjectId: id,
        data: { decision, via: "dashboard", reason: "scope" },
      });
      return forbidden();
    }
    const outcome = await reviewMessage(ctx.app, ctx.viewer.person, id, decision);
    const n = noticeOf(outcome);
    return render(ctx, { ok: n.ok, text: ops(ctx.locale, n.key) }, n.status);
  };
}

/** The moderation review queue: acted-on messages with their highlighted spans; reviewers restore or confirm. */
export const moderationPage: DashboardPage = {
  id: "moderation",
  nav: {
    path: "/dashboard/moderation",
    order: 30,
    label: (locale) => ops(locale, "navModeration"),
    visible: (viewer) => mayReviewModeration(viewer.person),
  },
  install(routes) {
    routes.get("/dashboard/moderation", queue);
    routes.post("/dashboard/moderation/:id/restore", decide("restore"));
    routes.post("/dashboard/moderation/:id/confirm", decide("confirm"));
  },
};
