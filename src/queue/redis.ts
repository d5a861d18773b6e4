import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { CodedError, ErrorCodes } from "../core/errors.js";
import { type Logger, redactUrl } from "../core/logger.js";

/** Redis for BullMQ: the URL in use, a key prefix, and fresh connections on demand. */
export interface RedisHandle {
  url: string;
  /** BullMQ `prefix` for every queue of this app. */
  prefix: string;
  /** True when Watchkeeper started its own redis-server for this process. */
  spawned: boolean;
  /** A new connection; BullMQ workers need `maxRetriesPerRequest: null`, which this sets. */
  connection(options?: RedisOptions): Redis;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisOptionsIn {
  url: string;
  prefix: string;
  /** "auto": start a private redis-server when nothing answers and one is installed. */
  spawn: "auto" | "never";
  logger?: Logger;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function isLoopback(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === "127.0.0.1" || h === "localhost" || h === "::1" || h === "[::1]";
  } catch {
    return false;
  }
}

/**
 * Connects to Redis at `url`. When nothing answers there, the URL is local and `redis-server` is on the
 * PATH, starts a private one (no persistence) for this process and stops it on exit; otherwise fails
 * with one line saying how to start Redis.
 */
export async function connectRedis(options: RedisOptionsIn): Promise<RedisHandle> {
  let url = options.url;
  let child: ChildProcess | undefined;
  if (!(await answers(url))) {
    if (options.spawn === "never" || !isLoopback(url) || !hasRedisServer()) {
      throw new CodedError(
        ErrorCodes.redisUnavailable,
        `REDIS_URL: nothing answers at ${redactUrl(url)}; start Redis (e.g. \`redis-server --daemonize yes\`, or \`apt-get install redis-server\`) or set REDIS_URL to a running server`,
      );
    }
    const port = await freePort();
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const kill = () => child?.kill("SIGTERM");
    process.once("exit", kill);
    url = `redis://127.0.0.1:${port}`;
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      ok = await answers(url);
      if (!ok) await new Promise((r) => setTimeout(r, 50));
    }
    if (!ok) {
      kill();
      throw new CodedError(
        ErrorCodes.redisUnavailable,
        `REDIS_URL: nothing answers at ${redactUrl(options.url)}, and a private redis-server did not start`,
      );
    }
    options.logger?.info(
      { redis: url },
      "started a private redis-server for this process (nothing answered at REDIS_URL)",
    );
  }
  const connections = new Set<Redis>();
  const handle: RedisHandle = {
    url,
    prefix: options.prefix,
    spawned: child !== undefined,
    connection(extra) {
      const c = new Redis(url, { maxRetriesPerRequest: null, ...extra });
      c.on("error", (e) => options.logger?.debug({ err: e.message }, "redis connection error"));
      connections.add(c);
      c.once("end", () => connections.delete(c));
      return c;
    },
    async ping() {
      return answers(url);
    },
    async close() {
      await Promise.all([...connections].map((c) => c.quit().catch(() => c.disconnect())));
      if (child) {
        const exited = new Promise<void>((r) => child?.once("exit", () => r()));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
    },
  };
  return handle;
}
