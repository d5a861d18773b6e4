import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe("the person on duty in the incident chain", () => {
  let t: TestApp;
  afterEach(async () => {
    await t.stop();
  });

  it("puts the person on duty first during their shift, then the usual chain", async () => {
    // Week two of the IT centre's rotation (wang.wu → feng.er → li.si): feng.er is on duty.
    t = await startTestApp({ start: "2026-03-09T02:00:00Z" });
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    const inc = await t.app.context.db.prisma.incident.findFirstOrThrow();
    const chain = inc.chainSnapshot as { levels: { personIds: string[]; onDuty?: boolean }[] };
    expect(chain.levels.map((l) => l.personIds)).toEqual([
      ["feng.er"],
      ["wang.wu"],
      ["li.si"],
      ["chen.qi"],
      ["zhang.san", "zhao.liu"],
    ]);
    expect(chain.levels[0]?.onDuty).toBe(true);
    const ack = await t.app.context.db.prisma.deadline.findFirstOrThrow({ where: { incidentId: inc.id, kind: "ack" } });
    expect(ack.ownerPersonIds).toEqual(["feng.er"]);
    expect(t.chat.world.visible("dm:feng.er", "feng.er").some((m) => m.text.includes(inc.number))).toBe(true);
  });

  it("adds nobody when the person on duty already heads the chain", async () => {
    // Week one: wang.wu, the IT centre's security officer, is on duty.
    t = await startTestApp({ start: "2026-03-02T02:00:00Z" });
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    const inc = await t.app.context.db.prisma.incident.findFirstOrThrow();
    const chain = inc.chainSnapshot as { levels: { personIds: string[] }[] };
    expect(chain.levels.map((l) => l.personIds[0])).toEqual(["wang.wu", "li.si", "chen.qi", "zhang.san"]);
  });
});
