import type { AuditLog } from "../audit/audit-log.js";
import type { BotRegistry } from "../bot/registry.js";
import type { ChatHub } from "../chat/hub.js";
import type { AppConfig } from "../config/schema.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { Database } from "../db/database.js";
import type { HttpRouter } from "../http/router.js";
import type { Directory } from "../org/directory.js";
import type { RedisHandle } from "../queue/redis.js";

/** A readiness check shown by /readyz. */
export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

/** Everything a feature needs, built once by the composition root (src/app/app.ts). */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  db: Database;
  redis: RedisHandle;
  directory: Directory;
  audit: AuditLog;
  chat: ChatHub;
  bot: BotRegistry;
  http: HttpRouter;
  /** Runs after adapters start (e.g. start workers); in registration order. */
  onStart(fn: () => Promise<void>): void;
  /** Runs on shutdown before the database closes; in reverse registration order. */
  onStop(fn: () => Promise<void>): void;
  readiness(name: string, check: ReadinessCheck): void;
}

/** A capability (moderation, incidents, duties, …) plugs into the app through one install function. */
export interface Feature {
  name: string;
  install(app: AppContext): Promise<void> | void;
}
