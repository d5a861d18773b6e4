import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { connectRedis } from "../../src/queue/redis.js";

async function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("Redis connection", () => {
  it("connects to a running Redis", async () => {
    const r = await connectRedis({ url: "redis://127.0.0.1:6379", prefix: "wkt", spawn: "never" });
    try {
      expect(r.spawned).toBe(false);
      expect(await r.ping()).toBe(true);
    } finally {
      await r.close();
    }
  });

  it("fails with one line saying how to start Redis when nothing answers", async () => {
    const port = await unusedPort();
    const err = await connectRedis({ url: `redis://127.0.0.1:${port}`, prefix: "wkt", spawn: "never" }).catch((e) => e);
    expect(err.code).toBe("watchkeeper_redis_unavailable");
    expect(err.message).toMatch(
      new RegExp(`^REDIS_URL: nothing answers at redis://127\\.0\\.0\\.1:${port}.*redis-server`),
    );
    expect(err.message).not.toContain("\n");
  });

  it("does not try to start a server for a remote address", async () => {
    const err = await connectRedis({ url: "redis://192.0.2.1:6379", prefix: "wkt", spawn: "auto" }).catch((e) => e);
    expect(err.code).toBe("watchkeeper_redis_unavailable");
  }, 10_000);

  it("starts a private redis-server when nothing answers locally, and stops it on close", async () => {
    const port = await unusedPort();
    const r = await connectRedis({ url: `redis://127.0.0.1:${port}`, prefix: "wkt", spawn: "auto" });
    expect(r.spawned).toBe(true);
    expect(r.url).not.toBe(`redis://127.0.0.1:${port}`);
    const c = r.connection();
    await c.set("wkt:probe", "1");
    expect(await c.get("wkt:probe")).toBe("1");
    const url = r.url;
    await r.close();
    const again = await connectRedis({ url, prefix: "wkt", spawn: "never" }).catch((e) => e);
    expect(again.code).toBe("watchkeeper_redis_unavailable");
  });
});
