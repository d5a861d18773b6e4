import { afterEach, describe, expect, it } from "vitest";
import { importOrg } from "../../src/org/import.js";
import { orgForMemoryChat, startTestApp, type TestApp } from "../support/test-app.js";

describe("succession (篇九 六: responsibility survives a change of person)", () => {
  let t: TestApp;
  afterEach(async () => {
    await t.stop();
  });

  it("hands an open deadline to the successor in the role, who is told, and audits it", async () => {
    t = await startTestApp({ start: "2026-03-02T01:00:00Z" });
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    const inc = await t.app.context.db.prisma.incident.findFirstOrThrow();
    const police = () =>
      t.app.context.db.prisma.deadline.findFirstOrThrow({
        where: { incidentId: inc.id, dutyId: "police_report", state: "open" },
      });
    expect((await police()).ownerPersonIds).toEqual(["chen.qi"]);

    // chen.qi leaves the security office; zhou.jiu takes the role (the org file is re-imported).
    const org = orgForMemoryChat();
    org.people.find((p) => p.id === "chen.qi")!.roles = [];
    org.people.find((p) => p.id === "zhou.jiu")!.roles.push({ role: "security_office", unit: "school" });
    await importOrg(t.app.context.db.prisma, org, { clock: t.clock });
    t.app.context.directory.invalidate();
    await t.clock.advance(60_000); // the reconciler's sweep runs as time passes

    const row = await police();
    expect(row.ownerPersonIds).toEqual(["zhou.jiu"]);
    expect(row.dueAt.toISOString()).toBe("2026-03-03T01:00:00.000Z"); // the 24-hour clock keeps running
    expect(t.chat.world.visible("dm:zhou.jiu", "zhou.jiu").some((m) => m.text.includes(inc.number))).toBe(true);
    const audit = await t.app.context.audit.history("incident", inc.id);
    expect(audit.find((a) => a.action === "deadline.inherited")?.data).toMatchObject({
      from: ["chen.qi"],
      to: ["zhou.jiu"],
    });
    // Someone who still holds their role keeps their deadlines.
    const ack = await t.app.context.db.prisma.deadline.findFirstOrThrow({
      where: { incidentId: inc.id, kind: "ack", state: "open" },
    });
    expect(ack.ownerPersonIds).toEqual(["wang.wu"]);
  });
});
