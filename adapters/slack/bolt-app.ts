// Builds the Bolt app, its receiver and the Web API client from the adapter's config. Transport only:
// what the listeners do lives in slack-adapter.ts.
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from "@slack/bolt";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import { type SlackAdapterConfig, slackEventsPath } from "./config.js";
import type { BotIdentity } from "./inbound.js";

/**
 * Retries for network errors and 5xx only (429s are the outbox's job): short, so a call the core is
 * waiting on fails within seconds rather than the WebClient default of thirty minutes.
 */
export const defaultRetryConfig: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 };

/** Bolt's and the WebClient's logger interface, written to the app's pino logger. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  return {
    // Bolt's info lines are per-request chatter; they stay at debug in the app's log.
    debug: (...m: unknown[]) => logger.debug(line(m)),
    info: (...m: unknown[]) => logger.debug(line(m)),
    warn: (...m: unknown[]) => logger.warn(line(m)),
    error: (...m: unknown[]) => logger.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** The parts of the Slack side the adapter drives. */
export interface BoltParts {
  app: App;
  /** Bot token client for every outgoing call (per-call `token` overrides it for the admin token). */
  client: webApi.WebClient;
  /** Set in HTTP mode: mount its requestListener on the app's router. */
  httpReceiver?: HTTPReceiver;
  bot: BotIdentity;
}

export interface BoltPartsOptions {
  retryConfig?: webApi.RetryOptions;
  /** Path of the HTTP endpoint. @defaultValue "/slack/events" */
  path?: string;
}

/**
 * Checks the bot token with auth.test (to learn the bot's own ids, so its messages are ignored), then
 * builds the Bolt app with an HTTPReceiver (signature verification on) or a SocketModeReceiver.
 */
export async function createBoltParts(
  config: SlackAdapterConfig,
  logger: Logger,
  options: BoltPartsOptions = {},
): Promise<BoltParts> {
  const log = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    logger: log,
    rejectRateLimitedCalls: true,
    retryConfig: options.retryConfig ?? defaultRetryConfig,
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);
  let bot: BotIdentity;
  try {
    const auth = await client.auth.test();
    bot = { userId: auth.user_id, botId: auth.bot_id };
  } catch (e) {
    const slackError = (e as { data?: { error?: string } }).data?.error;
    throw new CodedError(
      ErrorCodes.chatRequestFailed,
      `Slack auth.test failed for SLACK_BOT_TOKEN: ${slackError ?? (e as Error).message}`,
      { cause: e, details: { method: "auth.test", ...(slackError ? { slackError } : {}) } },
    );
  }
  const common = {
    token: config.botToken,
    botId: bot.botId,
    botUserId: bot.userId,
    // auth.test has just run: Bolt need not run it again.
    tokenVerificationEnabled: false,
    convoStore: false as const,
    logger: log,
    clientOptions,
  };
  if (config.appToken) {
    const receiver = new SocketModeReceiver({ appToken: config.appToken, logger: log });
    return { app: new App({ ...common, receiver }), client, bot };
  }
  const httpReceiver = new HTTPReceiver({
    signingSecret: config.signingSecret ?? "",
    endpoints: options.path ?? slackEventsPath,
    signatureVerification: true,
    // Ack first, work after: Slack's 3-second limit must not depend on how long the core takes.
    processBeforeResponse: false,
    logger: log,
  });
  return { app: new App({ ...common, receiver: httpReceiver }), client, httpReceiver, bot };
}
