import { type Api, type BotCommand, TelegramApiError, type User } from "node-telegram-bot-api";
import type { AdapterEnv } from "../../src/chat/adapter.js";
import { asCodedError, CodedError, ErrorCodes } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import type { BotApiCaller } from "./caller.js";

/** Shown in health() and the log when the bot cannot read every group message. */
export const PRIVACY_WARNING =
  "privacy mode is on: the bot sees only commands and replies in groups, not every message; " +
  "disable it in BotFather (/setprivacy → Disable), then remove and re-add the bot to each group";

/** getMe; a token Telegram rejects becomes a config error that names TELEGRAM_BOT_TOKEN. */
export async function fetchIdentity(caller: BotApiCaller, api: Api): Promise<User> {
  try {
    return await caller.call("getMe", { retryTransient: true }, () => api.getMe());
  } catch (e) {
    const cause = (e as CodedError).cause;
    if (cause instanceof TelegramApiError && (cause.errorCode === 401 || cause.errorCode === 404)) {
      throw new CodedError(ErrorCodes.configInvalid, "TELEGRAM_BOT_TOKEN was rejected by Telegram (401 Unauthorized)", {
        cause: e,
      });
    }
    throw e;
  }
}

/** The commands Telegram will accept (names of 1-32 of a-z, 0-9, _), and the names it would refuse. */
export function botCommands(commands: AdapterEnv["commands"]): { valid: BotCommand[]; skipped: string[] } {
  const valid: BotCommand[] = [];
  const skipped: string[] = [];
  for (const c of commands) {
    const description = c.description.trim().slice(0, 256);
    if (/^[a-z0-9_]{1,32}$/.test(c.name) && description !== "") valid.push({ command: c.name, description });
    else skipped.push(c.name);
  }
  return { valid, skipped };
}

/** setMyCommands with the core's commands; returns a warning instead of failing (typed commands still work). */
export async function registerCommands(
  caller: BotApiCaller,
  api: Api,
  commands: AdapterEnv["commands"],
  logger: Logger,
): Promise<string | undefined> {
  const { valid, skipped } = botCommands(commands);
  if (skipped.length > 0) logger.warn({ skipped }, "telegram cannot register these command names");
  try {
    await caller.call("setMyCommands", { retryTransient: true }, () => api.setMyCommands({ commands: valid }));
    return undefined;
  } catch (e) {
    const err = asCodedError(e);
    logger.warn({ code: err.code, err }, "telegram setMyCommands failed; commands still work when typed");
    return `setMyCommands failed: ${err.message}`;
  }
}
