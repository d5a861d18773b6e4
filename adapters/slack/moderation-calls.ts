// The two Web API calls that act on members' content and membership, with Slack's refusals turned
// into the core's error codes and "already done" answers treated as success.
import type { webApi } from "@slack/bolt";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";
import { slackErrorOf } from "./outbox.js";

/** Runs one Web API call through the adapter's outgoing queue. */
export type CallSlack = <T>(method: string, fn: (client: webApi.WebClient) => Promise<T>) => Promise<T>;

// Slack errors that mean the token may not do what was asked: the core hears "not admin", not "failed".
const notAllowedErrors = new Set([
  "cant_delete_message",
  "restricted_action",
  "not_authed",
  "invalid_auth",
  "token_revoked",
  "missing_scope",
  "cant_kick_from_general",
  "cant_kick_self",
  "not_allowed_token_type",
]);

function notAllowed(method: string, what: string, e: unknown): CodedError | undefined {
  const slackError = slackErrorOf(e);
  if (!slackError || !notAllowedErrors.has(slackError)) return undefined;
  return new CodedError(ErrorCodes.chatNotAdmin, `${what}: ${slackError}`, {
    cause: e,
    details: { method, slackError },
  });
}

/** chat.delete with a workspace admin's user token (a bot token deletes only the bot's own messages). */
export async function deleteMessage(call: CallSlack, adminToken: string, channel: string, ts: string): Promise<void> {
  try {
    await call("chat.delete", (c) => c.chat.delete({ channel, ts, token: adminToken }));
  } catch (e) {
    if (slackErrorOf(e) === "message_not_found") return; // already gone: the goal is met
    throw notAllowed("chat.delete", "SLACK_ADMIN_USER_TOKEN may not delete this message", e) ?? e;
  }
}

/** conversations.kick with the bot token, then the admin's when a workspace setting stops the bot. */
export async function kickMember(
  call: CallSlack,
  adminToken: string | undefined,
  channel: string,
  user: string,
): Promise<void> {
  const kickWith = (token?: string) =>
    call("conversations.kick", (c) => c.conversations.kick({ channel, user, ...(token ? { token } : {}) }));
  let err: unknown;
  try {
    await kickWith();
    return;
  } catch (e) {
    err = e;
  }
  if (slackErrorOf(err) === "restricted_action" && adminToken) {
    try {
      await kickWith(adminToken);
      return;
    } catch (e) {
      err = e;
    }
  }
  if (slackErrorOf(err) === "not_in_channel") return; // not there any more: the goal is met
  throw notAllowed("conversations.kick", "Slack does not let the bot remove this member", err) ?? err;
}
