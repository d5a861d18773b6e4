import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "wk-config-"));
  const p = join(dir, "watchkeeper.yaml");
  writeFileSync(p, text);
  return p;
}

describe("configuration", () => {
  it("has working defaults with no environment at all", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      dataDir: "./data",
      redisUrl: "redis://127.0.0.1:6379",
      port: 3000,
      locale: "zh-CN",
      host: "127.0.0.1",
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.orgFile).toBeUndefined();
  });

  it("reads the stable environment variables", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://u:p@db:5432/wk",
      WATCHKEEPER_DATA_DIR: "/var/lib/wk",
      REDIS_URL: "redis://cache:6380",
      PORT: "8080",
      WATCHKEEPER_ORG: "org.yaml",
      WATCHKEEPER_LOCALE: "en",
    });
    expect(c).toMatchObject({
      databaseUrl: "postgresql://u:p@db:5432/wk",
      dataDir: "/var/lib/wk",
      redisUrl: "redis://cache:6380",
      port: 8080,
      orgFile: "org.yaml",
      locale: "en",
    });
  });

  it.each([
    [{ PORT: "abc" }, /^PORT: .*got "abc"/],
    [{ PORT: "70000" }, /^PORT: /],
    [{ WATCHKEEPER_LOCALE: "fr" }, /^WATCHKEEPER_LOCALE: .*"fr"/],
    [{ REDIS_URL: "http://x" }, /^REDIS_URL: must start with redis:\/\//],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL: must start with postgres/],
  ])("names the variable and the problem for %o", (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as { code: string }).code).toBe("watchkeeper_config_invalid");
      expect((e as Error).message).not.toContain("\n");
    }
  });

  it("reads a YAML file named by WATCHKEEPER_CONFIG, with the environment taking precedence", () => {
    const p = file("port: 4000\nlocale: en\norgFile: ./org.yaml\n");
    const c = loadConfig({ WATCHKEEPER_CONFIG: p, PORT: "4001" });
    expect(c.port).toBe(4001);
    expect(c.locale).toBe("en");
    expect(c.orgFile).toBe(join(p, "..", "org.yaml"));
  });

  it("names the file and the setting when the file is wrong", () => {
    const p = file("port: seventy\n");
    expect(() => loadConfig({ WATCHKEEPER_CONFIG: p })).toThrowError(`${p}: port: `);
    const q = file("prot: 1\n");
    expect(() => loadConfig({ WATCHKEEPER_CONFIG: q })).toThrowError(`${q}: unknown setting "prot"`);
    const r = file("port: [1\n");
    expect(() => loadConfig({ WATCHKEEPER_CONFIG: r })).toThrowError(new RegExp(`^${r}:\\d+: `));
    expect(() => loadConfig({ WATCHKEEPER_CONFIG: "/nonexistent/wk.yaml" })).toThrowError(
      /^WATCHKEEPER_CONFIG: cannot read/,
    );
  });
});
