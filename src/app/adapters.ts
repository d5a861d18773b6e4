import { createLocalAdapter } from "../../adapters/local/local-adapter.js";
import { createSlackAdapter, slackConfigFromEnv } from "../../adapters/slack/index.js";
import { createTelegramAdapter, telegramConfigFromEnv } from "../../adapters/telegram/index.js";
import type { ChatAdapter } from "../chat/adapter.js";
import { CodedError, ErrorCodes } from "../core/errors.js";
import type { AppContext } from "./context.js";

/**
 * Chooses the chat adapters from the configuration. With no platform configured the local web chat
 * runs (the embedded default); it is refused on a non-loopback address unless asked for explicitly,
 * because anyone who can open it can speak as anyone.
 */
export function adaptersFromConfig(context: AppContext, env: NodeJS.ProcessEnv = process.env): ChatAdapter[] {
  const { config } = context;
  const adapters: ChatAdapter[] = [];
  const slack = slackConfigFromEnv(env);
  if (slack) adapters.push(createSlackAdapter(slack));
  const telegram = telegramConfigFromEnv(env);
  if (telegram) adapters.push(createTelegramAdapter(telegram));
  const wantLocal = config.localChat === "on" || (config.localChat === "auto" && adapters.length === 0);
  if (wantLocal) {
    const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host);
    if (!loopback && config.localChat !== "on") {
      throw new CodedError(
        ErrorCodes.configInvalid,
        `HOST: the local web chat lets anyone act as anyone, so it only binds to loopback; set WATCHKEEPER_LOCAL_CHAT=on to serve it on ${config.host} anyway`,
      );
    }
    adapters.push(
      createLocalAdapter({
        roster: async () => {
          const prisma = context.db.prisma;
          const [people, groups] = await Promise.all([
            prisma.person.findMany({
              where: { active: true },
              orderBy: { id: "asc" },
              select: { id: true, name: true },
            }),
            prisma.chatGroup.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true } }),
          ]);
          return { people, groups: groups.map((g) => ({ id: g.id, name: g.name ?? g.id })) };
        },
      }),
    );
  }
  return adapters;
}
