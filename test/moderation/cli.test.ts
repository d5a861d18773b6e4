import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runModerate } from "../../src/cli/moderate.js";

async function run(argv: string[], input = ""): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => {
    out += d;
  });
  stderr.on("data", (d) => {
    err += d;
  });
  const code = await runModerate(argv, { stdin: Readable.from([input]), stdout, stderr });
  return { code, out, err };
}

describe("moderate CLI", () => {
  it("writes one JSON line per input line with the contract fields", async () => {
    const { code, out } = await run(["--jsonl"], '{"id":1,"text":"赌@博网站"}\n{"id":"b","text":"今天开会"}\n');
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      id: 1,
      flagged: true,
      categories: ["gambling"],
      action: "mute",
      spans: [{ start: 0, end: 3, term: "赌博", category: "gambling" }],
    });
    expect(lines[1]).toEqual({ id: "b", flagged: false, categories: [], action: "none", spans: [] });
  });

  it("answers a bad line with an error line and carries on", async () => {
    const { out } = await run(["--jsonl"], 'not json\n{"id":7}\n{"id":8,"text":"你好"}\n');
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ id: 1, error: { code: "watchkeeper_moderation_bad_input" } });
    expect(lines[1]).toMatchObject({ id: 7, error: { code: "watchkeeper_moderation_bad_input" } });
    expect(lines[2]).toMatchObject({ id: 8, flagged: false });
  });

  it("prints a readable verdict in Chinese by default and English on request", async () => {
    const zh = await run(["服务器密码是 Abc@12345"]);
    expect(zh.out).toContain("泄露账号口令");
    expect(zh.out).not.toContain("Abc@12345");
    const en = await run(["--lang", "en", "赌博网站"]);
    expect(en.out).toContain("Gambling");
  });

  it("exits 2 with usage when there is nothing to judge", async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toContain("usage");
  });
});
