import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";

function stream(tty: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY: tty });
  const writes: string[] = [];
  s.on("data", (c: Buffer) => writes.push(c.toString()));
  return { s, writes };
}

describe("the CLI progress bar", () => {
  it("draws on a terminal, redrawing only when the bar changes, and ends the line when done", async () => {
    const { s, writes } = stream(true);
    const p = createProgress("importing", 1000, s);
    for (let i = 0; i < 1000; i++) p.tick();
    p.done();
    p.tick();
    await new Promise((r) => setImmediate(r));
    // A redraw only when the percentage or the bar moves (at most 100 + 24 times), not once per tick.
    expect(writes.length).toBeLessThanOrEqual(125);
    expect(writes[0]).toBe(`\rimporting [------------------------]   0% 1/1000\x1b[K`);
    expect(writes.at(-2)).toBe(`\rimporting [########################] 100% 1000/1000\x1b[K`);
    expect(writes.at(-1)).toBe("\n");
  });

  it("fills the bar on done even when fewer items than expected were counted", async () => {
    const { s, writes } = stream(true);
    const p = createProgress("purging", 4, s);
    p.tick(2);
    p.done();
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([
      "\rpurging [############------------]  50% 2/4\x1b[K",
      "\rpurging [########################] 100% 4/4\x1b[K",
      "\n",
    ]);
  });

  it("writes nothing in a pipe", async () => {
    const { s, writes } = stream(false);
    const p = createProgress("importing", 3, s);
    p.tick(3);
    p.done();
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([]);
  });
});
