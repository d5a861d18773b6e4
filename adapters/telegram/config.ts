import { z } from "zod";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";

/** Telegram's own Bot API server. */
export const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";
/** Where the webhook route is mounted on the app's HTTP server. */
export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";

// Messages never echo the value: a token or secret must not reach a log through a validation error.
const botToken = z.string().regex(/^\d{3,}:[A-Za-z0-9_-]{20,}$/, "must be the token BotFather gave (123456789:AA…)");
const webhookSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ or - (Telegram's rule)");

/** The Telegram adapter's validated configuration. Every field names its environment variable and default. */
export const telegramConfigSchema = z
  .object({
    /** Bot token from BotFather (TELEGRAM_BOT_TOKEN). Required. */
    botToken,
    /** Bot API base URL, passed as `apiRoot` (TELEGRAM_API_URL). @defaultValue "https://api.telegram.org" */
    apiUrl: z
      .url("must be a URL such as https://api.telegram.org")
      .transform((u) => u.replace(/\/+$/, ""))
      .default(DEFAULT_TELEGRAM_API_URL),
    /** "polling" unless TELEGRAM_WEBHOOK_URL is set. @defaultValue "polling" */
    mode: z.enum(["polling", "webhook"]).default("polling"),
    /** Public HTTPS URL Telegram posts updates to; it must reach POST /telegram/webhook (TELEGRAM_WEBHOOK_URL). */
    webhookUrl: z
      .url({ protocol: /^https$/, error: "must be an https:// URL (Telegram only calls HTTPS webhooks)" })
      .optional(),
    /** Checked against the X-Telegram-Bot-Api-Secret-Token header (TELEGRAM_WEBHOOK_SECRET). Required with webhooks. */
    webhookSecret: webhookSecret.optional(),
    /** Long-poll wait per getUpdates call, in seconds. @defaultValue 30 */
    pollTimeoutSeconds: z.number().int().min(0).max(50).default(30),
  })
  .superRefine((c, ctx) => {
    if (c.mode === "webhook" && !c.webhookUrl) {
      ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "is required in webhook mode" });
    }
    if (c.mode === "webhook" && !c.webhookSecret) {
      ctx.addIssue({ code: "custom", path: ["webhookSecret"], message: "is required in webhook mode" });
    }
  });

/** Input accepted by the adapter (defaults filled in by the schema). */
export type TelegramAdapterConfigInput = z.input<typeof telegramConfigSchema>;
/** The validated Telegram configuration. */
export type TelegramAdapterConfig = z.output<typeof telegramConfigSchema>;

const envNameOf: Record<string, string> = {
  botToken: "TELEGRAM_BOT_TOKEN",
  apiUrl: "TELEGRAM_API_URL",
  webhookUrl: "TELEGRAM_WEBHOOK_URL",
  webhookSecret: "TELEGRAM_WEBHOOK_SECRET",
};

/** Validates a config object; throws a one-line `watchkeeper_config_invalid` naming the field (or its variable). */
export function parseTelegramConfig(input: TelegramAdapterConfigInput, names = envNameOf): TelegramAdapterConfig {
  const r = telegramConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = String(issue.path[0] ?? "config");
  const name = names[key] ?? key;
  throw new CodedError(ErrorCodes.configInvalid, `${name} ${issue.message}`, { details: { field: key } });
}

/**
 * Reads TELEGRAM_* variables. Returns null when TELEGRAM_BOT_TOKEN is unset (Telegram not configured);
 * throws a one-line CodedError naming the variable when a value is wrong.
 */
export function telegramConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): TelegramAdapterConfig | null {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return null;
  const webhookUrl = env.TELEGRAM_WEBHOOK_URL?.trim() || undefined;
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || undefined;
  if (webhookSecret && !webhookUrl) {
    throw new CodedError(
      ErrorCodes.configInvalid,
      "TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_WEBHOOK_URL is not (set both for webhooks, neither for polling)",
      { details: { field: "webhookUrl" } },
    );
  }
  return parseTelegramConfig({
    botToken: token,
    apiUrl: env.TELEGRAM_API_URL?.trim() || undefined,
    mode: webhookUrl ? "webhook" : "polling",
    webhookUrl,
    webhookSecret,
  });
}
