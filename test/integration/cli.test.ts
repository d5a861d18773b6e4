import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const dataDir = () => mkdtempSync(join(tmpdir(), "wk-cli-"));

async function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The one line a user sees on failure. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "");
}

describe("watchkeeper CLI", { timeout: 120_000 }, () => {
  it("prints help listing its commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["start", "migrate", "org", "audit"]) expect(r.stdout).toContain(c);
  });

  it("stops start-up with one clear line for a bad environment variable", async () => {
    const r = await runCli(["start"], { env: { PORT: "eighty", WATCHKEEPER_DATA_DIR: dataDir() } });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/^watchkeeper: PORT: .*"eighty".*\[watchkeeper_config_invalid\]$/),
    ]);
  });

  it("stops start-up with one clear line when Redis is unreachable and may not be started", async () => {
    const port = await unusedPort();
    const r = await runCli(["start"], {
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        WATCHKEEPER_REDIS_SPAWN: "never",
        WATCHKEEPER_DATA_DIR: dataDir(),
        PORT: "0",
      },
    });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(
        /^watchkeeper: REDIS_URL: nothing answers at .*start Redis.*\[watchkeeper_redis_unavailable\]$/,
      ),
    ]);
  });

  it("rejects a bad org file with one line naming the line and field", async () => {
    const dir = dataDir();
    const file = join(dir, "org.yaml");
    writeFileSync(file, "units:\n  - { id: school, name: 学校 }\ngroups:\n  - { id: g, unit: nowhere }\n");
    const r = await runCli(["org", "import", file], { env: { WATCHKEEPER_DATA_DIR: join(dir, "db") } });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `watchkeeper: ${file}:4: groups[0].unit: unknown unit "nowhere" [watchkeeper_org_file_invalid]`,
    ]);
  });

  it("imports the example org into the embedded database, idempotently, and verifies the audit chain", async () => {
    const env = { WATCHKEEPER_DATA_DIR: dataDir() };
    const first = await runCli(["org", "import", "examples/org.yaml"], { env });
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/imported examples\/org\.yaml: 4 units, 10 people/);
    const second = await runCli(["org", "import", "examples/org.yaml"], { env });
    expect(second.stdout).toMatch(/4 units, 10 people/);
    const verify = await runCli(["audit", "verify"], { env });
    expect(verify.stdout).toBe("audit log intact: 2 rows verified\n");
    expect(verify.code).toBe(0);
  });
});
