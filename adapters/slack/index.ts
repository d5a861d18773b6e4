// The Slack adapter's public API.
export {
  defaultSlackApiUrl,
  parseSlackConfig,
  type SlackAdapterConfig,
  type SlackAdapterConfigInput,
  slackConfigFromEnv,
  slackEventsPath,
} from "./config.js";
export { slackPlatform } from "./inbound.js";
export type { OutboxOptions } from "./outbox.js";
export { createSlackAdapter, SlackAdapter, type SlackAdapterOptions } from "./slack-adapter.js";
