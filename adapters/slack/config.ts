// Configuration of the Slack adapter: one zod schema, read from the environment by slackConfigFromEnv.
import { z } from "zod";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";

/** Slack's own Web API base, used when SLACK_API_URL is unset. */
export const defaultSlackApiUrl = "https://slack.com/api/";

/** Where Events API, slash commands and interactivity arrive in HTTP mode. */
export const slackEventsPath = "/slack/events";

export const slackAdapterConfigSchema = z
  .object({
    /** Bot token (`xoxb-…`); env SLACK_BOT_TOKEN. */
    botToken: z.string().regex(/^xoxb-\S+$/, "must be a bot token starting with xoxb-"),
    /** Signing secret of the Slack app, verifies every HTTP request (required unless Socket Mode); env SLACK_SIGNING_SECRET. */
    signingSecret: z.string().min(1, "must not be empty").optional(),
    /** Web API base URL, ending in "/"; env SLACK_API_URL. @defaultValue "https://slack.com/api/" */
    apiUrl: z
      .string()
      .url("must be a URL such as https://slack.com/api/")
      .transform((u) => (u.endsWith("/") ? u : `${u}/`))
      .default(defaultSlackApiUrl),
    /** App-level token (`xapp-…`) for Socket Mode; HTTP mode when unset; env SLACK_APP_TOKEN. */
    appToken: z
      .string()
      .regex(/^xapp-\S+$/, "must be an app-level token starting with xapp-")
      .optional(),
    /**
     * A workspace admin's user token (`xoxp-…`); a bot token cannot delete other people's messages, so
     * hide and mute need it; env SLACK_ADMIN_USER_TOKEN.
     */
    adminUserToken: z
      .string()
      .regex(/^xoxp-\S+$/, "must be a user token starting with xoxp-")
      .optional(),
  })
  .superRefine((c, ctx) => {
    // HTTP mode cannot verify Slack's requests without it; Socket Mode authenticates with the app token instead.
    if (c.appToken === undefined && c.signingSecret === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["signingSecret"],
        message: "is required in HTTP mode (or set SLACK_APP_TOKEN)",
      });
    }
  });

/** Validated Slack adapter configuration. */
export type SlackAdapterConfig = z.output<typeof slackAdapterConfigSchema>;
/** What callers may pass (apiUrl may be omitted). */
export type SlackAdapterConfigInput = z.input<typeof slackAdapterConfigSchema>;

const envNames: Record<keyof SlackAdapterConfigInput, string> = {
  botToken: "SLACK_BOT_TOKEN",
  signingSecret: "SLACK_SIGNING_SECRET",
  apiUrl: "SLACK_API_URL",
  appToken: "SLACK_APP_TOKEN",
  adminUserToken: "SLACK_ADMIN_USER_TOKEN",
};

/** Validates a config object; throws a one-line CodedError naming the bad field (and its env variable). */
export function parseSlackConfig(input: unknown): SlackAdapterConfig {
  const r = slackAdapterConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  const name = envNames[key as keyof SlackAdapterConfigInput] ?? key;
  // Never echo the value: it may be a secret.
  const problem = issue?.code === "invalid_type" ? "is required" : (issue?.message ?? "is invalid");
  throw new CodedError(ErrorCodes.configInvalid, `Slack config: ${name} ${problem}`, {
    details: { variable: name },
  });
}

/**
 * Reads the Slack adapter's config from the environment. Returns null when SLACK_BOT_TOKEN is unset
 * (Slack is not configured); throws a one-line CodedError naming the variable when a value is wrong.
 */
export function slackConfigFromEnv(env: Record<string, string | undefined> = process.env): SlackAdapterConfig | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return null;
  const pick = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  return parseSlackConfig({
    botToken,
    signingSecret: pick("SLACK_SIGNING_SECRET"),
    apiUrl: pick("SLACK_API_URL"),
    appToken: pick("SLACK_APP_TOKEN"),
    adminUserToken: pick("SLACK_ADMIN_USER_TOKEN"),
  });
}
