import { NetworkError, TelegramApiError, TimeoutError } from "node-telegram-bot-api";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";

// Telegram's descriptions for a bot that lacks the admin right an action needs.
const notAdminText =
  /not enough rights|CHAT_ADMIN_REQUIRED|need administrator rights|have no rights|message can't be deleted|not an administrator|USER_NOT_PARTICIPANT.*admin/i;

/** True when Telegram refused because the bot is not (enough of) an admin in the chat. */
export function isNotAdmin(e: unknown): boolean {
  if (!(e instanceof TelegramApiError)) return false;
  return e.errorCode === 403 || (e.errorCode === 400 && notAdminText.test(e.description));
}

/** True when Telegram will not let the bot write first to a user (no /start yet, blocked, or unknown chat). */
export function isCannotWriteFirst(e: unknown): boolean {
  if (!(e instanceof TelegramApiError)) return false;
  if (e.errorCode === 403) return true;
  return e.errorCode === 400 && /chat not found|PEER_ID_INVALID|user not found/i.test(e.description);
}

/** True for failures worth retrying: the network, a timeout, a 5xx. (429 is handled apart, by retry_after.) */
export function isTransient(e: unknown): boolean {
  if (e instanceof NetworkError || e instanceof TimeoutError) return true;
  return e instanceof TelegramApiError && e.errorCode >= 500;
}

/** Seconds Telegram asked us to wait, when the error is a 429. */
export function retryAfterSeconds(e: unknown): number | undefined {
  if (!(e instanceof TelegramApiError) || e.errorCode !== 429) return undefined;
  return e.retryAfter ?? 1;
}

/** Removes the bot token from a text (it appears in Bot API URLs) before it can reach a log or an error. */
export function scrubToken(text: string, token: string): string {
  return token ? text.split(token).join("<token>") : text;
}

/**
 * Turns a library error into a Watchkeeper CodedError: missing admin rights → watchkeeper_chat_not_admin,
 * a 429 we stopped waiting for → watchkeeper_chat_rate_limited, anything else → watchkeeper_chat_request_failed.
 */
export function toChatError(e: unknown, method: string, token: string): CodedError {
  if (e instanceof CodedError) return e;
  if (e instanceof TelegramApiError) {
    const details = { method, errorCode: e.errorCode, description: e.description };
    if (isNotAdmin(e)) {
      return new CodedError(
        ErrorCodes.chatNotAdmin,
        `Telegram ${method}: the bot lacks the admin right for this (${e.description})`,
        { cause: e, details },
      );
    }
    if (e.errorCode === 429) {
      return new CodedError(
        ErrorCodes.chatRateLimited,
        `Telegram ${method}: rate limited for ${e.retryAfter ?? "?"}s`,
        {
          cause: e,
          details: { ...details, retryAfter: e.retryAfter },
        },
      );
    }
    return new CodedError(ErrorCodes.chatRequestFailed, `Telegram ${method} failed: ${e.errorCode} ${e.description}`, {
      cause: e,
      details,
    });
  }
  const message = scrubToken(e instanceof Error ? e.message : String(e), token);
  // The library's network errors carry fetch's cause, which never includes the URL; keep it for diagnosis.
  return new CodedError(ErrorCodes.chatRequestFailed, `Telegram ${method} failed: ${message}`, {
    cause: e,
    details: { method },
  });
}
