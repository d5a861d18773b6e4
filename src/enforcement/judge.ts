import type { AppContext } from "../app/context.js";
import type { MessageContext } from "../bot/registry.js";
import type { ModerationEngine, ModerationInput, Verdict } from "../moderation/index.js";

const leaderRoles = new Set(["leadership_group", "unit_head", "security_office"]);

/**
 * Builds the engine's input from a chat turn: the group's external flag, the sender's display name and
 * roles, and the leaders' names (for impersonation). Leader names are re-read at most once a minute.
 */
export class Judge {
  private leaders: { names: string[]; at: number } = { names: [], at: Number.NEGATIVE_INFINITY };

  constructor(
    private readonly app: AppContext,
    readonly engine: ModerationEngine,
  ) {}

  private async leaderNames(): Promise<string[]> {
    const now = this.app.clock.now().getTime();
    if (now - this.leaders.at < 60_000) return this.leaders.names;
    const rows = await this.app.db.prisma.roleAssignment.findMany({
      where: { role: { in: [...leaderRoles] as never }, until: null, person: { active: true } },
      select: { person: { select: { name: true } } },
    });
    this.leaders = { names: [...new Set(rows.map((r) => r.person.name))], at: now };
    return this.leaders.names;
  }

  async input(ctx: Pick<MessageContext, "message" | "person" | "group">): Promise<ModerationInput> {
    const m = ctx.message;
    return {
      text: m.text,
      attachments: m.attachments.map((a) => ({
        name: a.name,
        ...(a.mimeType ? { mimeType: a.mimeType } : {}),
        ...(a.size !== undefined ? { size: a.size } : {}),
      })),
      groupExternal: ctx.group?.external ?? false,
      ...(m.sender.displayName
        ? { senderName: m.sender.displayName }
        : ctx.person
          ? { senderName: ctx.person.name }
          : {}),
      senderIsKnownPerson: ctx.person !== null,
      leaderNames: await this.leaderNames(),
      senderRoles: ctx.person?.roles.map((r) => r.role) ?? [],
    };
  }

  async judge(ctx: Pick<MessageContext, "message" | "person" | "group">): Promise<Verdict> {
    return this.engine.moderate(await this.input(ctx));
  }
}
