import { randomBytes } from "node:crypto";
import { connectRedis, type RedisHandle } from "../../src/queue/redis.js";

export const testRedisUrl = process.env.WATCHKEEPER_TEST_REDIS ?? "redis://127.0.0.1:6379";

/** The shared test Redis with a unique key prefix per call, so test files never see each other's queues. */
export async function testRedis(): Promise<RedisHandle> {
  const prefix = `wkt${randomBytes(5).toString("hex")}`;
  const handle = await connectRedis({ url: testRedisUrl, prefix, spawn: "never" });
  const close = handle.close.bind(handle);
  handle.close = async () => {
    // Remove what this test wrote, then close.
    const c = handle.connection();
    let cursor = "0";
    do {
      const [next, keys] = await c.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await c.del(...keys);
    } while (cursor !== "0");
    await close();
  };
  return handle;
}
