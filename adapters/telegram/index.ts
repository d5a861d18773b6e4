// The Telegram adapter's public surface.
export type { CallbackEntry } from "./callback-store.js";
export { CallbackStore, callbackStateKey, parseCallbackData } from "./callback-store.js";
export {
  DEFAULT_TELEGRAM_API_URL,
  parseTelegramConfig,
  TELEGRAM_WEBHOOK_PATH,
  type TelegramAdapterConfig,
  type TelegramAdapterConfigInput,
  telegramConfigFromEnv,
  telegramConfigSchema,
} from "./config.js";
export { type DialogueState, dialogueKey } from "./dialogue.js";
export { OFFSET_STATE_KEY } from "./polling.js";
export { defaultRateLimit, type RateLimitConfig } from "./rate-limiter.js";
export { createTelegramAdapter, TelegramAdapter, type TelegramAdapterOptions } from "./telegram-adapter.js";
export { realTimers, type Timers } from "./timers.js";
