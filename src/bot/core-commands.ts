import type { Feature } from "../app/context.js";
import { t } from "./messages.js";

/** /help and /whoami: every deployment has them. */
export const coreCommands: Feature = {
  name: "core-commands",
  install(app) {
    app.bot.command({
      name: "help",
      description: { "zh-CN": t("zh-CN", "help"), en: t("en", "help") },
      async handle(ctx) {
        const lines = app.bot
          .commandList()
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((c) => `/${c.name} — ${c.description[ctx.locale]}${c.usage ? `\n    ${c.usage[ctx.locale]}` : ""}`);
        await ctx.replyPrivately({ text: [t(ctx.locale, "helpTitle"), ...lines].join("\n") });
      },
    });
    app.bot.command({
      name: "whoami",
      description: { "zh-CN": t("zh-CN", "whoamiDesc"), en: t("en", "whoamiDesc") },
      async handle(ctx) {
        const group = ctx.group
          ? `${ctx.group.name ?? ctx.group.id}（${ctx.group.unitId}）`
          : t(ctx.locale, "groupUnbound");
        const text = ctx.person
          ? t(ctx.locale, "whoami", {
              name: ctx.person.name,
              id: ctx.person.id,
              roles: ctx.person.roles.map((r) => `${r.role}@${r.unitId}`).join(", ") || t(ctx.locale, "noRoles"),
              group,
            })
          : t(ctx.locale, "whoamiUnknown", { platform: ctx.user.platform, id: ctx.user.id, group });
        await ctx.replyPrivately({ text });
      },
    });
  },
};
