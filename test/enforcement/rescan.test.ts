import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rescan } from "../../src/cli/rescan.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/database.js";
import { importOrg, readOrgFile } from "../../src/org/import.js";
import { freshDatabase } from "../support/databases.js";

describe("rescanning stored history after a lexicon change", () => {
  let db: Database;
  beforeEach(async () => {
    db = await freshDatabase("pglite");
    await importOrg(db.prisma, readOrgFile("examples/org.yaml"), { clock: new FakeClock() });
  });
  afterEach(async () => {
    await db.close();
  });

  const store = (id: string, text: string, categories: string[]) =>
    db.prisma.storedMessage.create({
      data: {
        platform: "local",
        channelExternalId: "it-centre-group",
        messageExternalId: id,
        groupId: "it-centre-group",
        senderExternalId: "zheng.yi",
        senderPersonId: "zheng.yi",
        text,
        sentAt: new Date("2026-03-02T01:00:00Z"),
        contentHash: id.padEnd(64, "0"),
        moderationState: "done",
        verdict: { categories, flagged: categories.length > 0 },
      },
    });

  it("reports which messages the current lexicons now flag or clear, without acting on any", async () => {
    await store("m1", "兄弟们 赌@博 充值返水 下注链接私聊我", []); // judged before the gambling terms existed
    await store("m2", "明天上午九点机房巡检", ["gambling"]); // a false positive of an older lexicon
    await store("m3", "今天的周报已提交", []);
    const out = new PassThrough();
    const lines: string[] = [];
    out.on("data", (d) => lines.push(...String(d).trim().split("\n")));
    const s = await rescan(db, { jsonl: out });
    expect(s).toMatchObject({ scanned: 3, newlyFlagged: 1, noLongerFlagged: 1 });
    expect(s.byCategory.gambling).toEqual({ gained: 1, lost: 1 });
    expect(lines.map((l) => JSON.parse(l).before)).toEqual(expect.arrayContaining([[], ["gambling"]]));
    // Nothing was changed on the stored rows.
    expect(
      (await db.prisma.storedMessage.findMany({ orderBy: { messageExternalId: "asc" } })).map((r) => r.verdict),
    ).toEqual([
      { categories: [], flagged: false },
      { categories: ["gambling"], flagged: true },
      { categories: [], flagged: false },
    ]);
  });
});
