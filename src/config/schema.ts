import { z } from "zod";

/** Watchkeeper's validated configuration. Every field names its environment variable and default. */
export const configSchema = z.object({
  /** PostgreSQL connection URL (DATABASE_URL). Unset → embedded PGlite in `dataDir`. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** PGlite data folder (WATCHKEEPER_DATA_DIR). @defaultValue "./data" */
  dataDir: z.string().min(1).default("./data"),
  /** Redis URL (REDIS_URL). @defaultValue "redis://127.0.0.1:6379" */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .default("redis://127.0.0.1:6379"),
  /** Start a private redis-server when nothing answers at redisUrl (WATCHKEEPER_REDIS_SPAWN). @defaultValue "auto" */
  redisSpawn: z.enum(["auto", "never"]).default("auto"),
  /** Prefix of every BullMQ key (WATCHKEEPER_QUEUE_PREFIX). @defaultValue "wk" */
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only")
    .default("wk"),
  /** HTTP port for webhooks, the local chat and health (PORT). @defaultValue 3000 */
  port: z.coerce.number().int("must be an integer").min(0).max(65535).default(3000),
  /** HTTP bind address (HOST). @defaultValue "127.0.0.1" */
  host: z.string().min(1).default("127.0.0.1"),
  /** Org file imported at start (WATCHKEEPER_ORG). */
  orgFile: z.string().min(1).optional(),
  /** Default language of the bot's messages (WATCHKEEPER_LOCALE). @defaultValue "zh-CN" */
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
  /** Folder of policy files (WATCHKEEPER_POLICY_DIR). @defaultValue the shipped `policy/` */
  policyDir: z.string().min(1).optional(),
  /** Serve the local web chat when no platform is configured (WATCHKEEPER_LOCAL_CHAT). @defaultValue "auto" */
  localChat: z.enum(["auto", "on", "off"]).default("auto"),
  /** Log level (LOG_LEVEL). @defaultValue "info" */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Environment variable → config key. The YAML file (WATCHKEEPER_CONFIG) uses the config keys. */
export const envNames: Record<string, keyof AppConfig> = {
  DATABASE_URL: "databaseUrl",
  WATCHKEEPER_DATA_DIR: "dataDir",
  REDIS_URL: "redisUrl",
  WATCHKEEPER_REDIS_SPAWN: "redisSpawn",
  WATCHKEEPER_QUEUE_PREFIX: "queuePrefix",
  PORT: "port",
  HOST: "host",
  WATCHKEEPER_ORG: "orgFile",
  WATCHKEEPER_LOCALE: "locale",
  WATCHKEEPER_POLICY_DIR: "policyDir",
  WATCHKEEPER_LOCAL_CHAT: "localChat",
  LOG_LEVEL: "logLevel",
};
