// Slack end to end with incidents: /report opens a Block Kit modal, its submission opens an incident,
// and the acknowledge button on the escalation DM acknowledges it — all through signed requests to
// the running app and a fake Slack Web API over real HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { coreCommands } from "../../src/bot/core-commands.js";
import { incidentsFeature } from "../../src/incidents/feature.js";
import { FakeSlack } from "../adapters/slack/fake-slack.js";
import { SlackSender } from "../adapters/slack/signed-requests.js";
import { eventually } from "../contract/chat-adapter.contract.js";
import { appFromEnv } from "../support/app-from-env.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe("Slack with incidents", () => {
  it("reports through the /report modal and acknowledges from the escalation DM's button", async () => {
    const fake = new FakeSlack({ botToken: "xoxb-e2e" });
    const apiUrl = await fake.listen();
    cleanup.push(() => fake.close());
    const app = await appFromEnv(
      {
        SLACK_BOT_TOKEN: "xoxb-e2e",
        SLACK_SIGNING_SECRET: "e2e-secret",
        SLACK_API_URL: apiUrl,
      },
      [coreCommands, incidentsFeature],
      cleanup,
    );
    const slack = new SlackSender(`${app.url}/slack/events`, "e2e-secret");
    const wangWu = "U0123ABCH"; // security officer of the IT centre

    // /report with no arguments opens the modal within Slack's 3 seconds.
    const cmd = await slack.command({
      command: "/report",
      text: "",
      user_id: wangWu,
      user_name: "wangwu",
      channel_id: "C0IT00001",
      channel_name: "it-centre",
      trigger_id: fake.issueTrigger(wangWu),
      response_url: "http://127.0.0.1:1/unused",
    });
    expect(cmd.status).toBe(200);
    const shown = await eventually(() => {
      const v = fake.views.findLast((x) => x.user === wangWu);
      if (!v) throw new Error("no modal yet");
      return v;
    }, 10_000);
    const submitted = await slack.submitView(fake, shown.view, wangWu, {
      category: "intrusion",
      severity: "major",
      description: "官网首页被篡改",
      affected_system: "官网",
    });
    expect(submitted.status).toBe(200);
    const incident = await eventually(async () => app.context.db.prisma.incident.findFirstOrThrow(), 10_000);
    expect(incident).toMatchObject({
      category: "intrusion",
      severity: "major",
      unitId: "it-centre",
      reporterPersonId: "wang.wu",
    });

    // The acknowledgement request reaches wang.wu by DM, with Block Kit buttons; he presses "acknowledge".
    const dm = await eventually(() => {
      const m = fake.messages.findLast(
        (x) => x.channel === `D${wangWu.slice(1)}` && JSON.stringify(x.blocks).includes("incident.ack"),
      );
      if (!m) throw new Error("no DM with buttons yet");
      return m;
    }, 10_000);
    const pressed = await slack.pressButton(fake, dm, wangWu, "incident.ack");
    expect(pressed.status).toBe(200);
    await eventually(async () => {
      const inc = await app.context.db.prisma.incident.findFirstOrThrow();
      expect(inc.acknowledgedBy).toBe("wang.wu");
    }, 10_000);
    // The message with the buttons is updated to show who acted.
    await eventually(() => expect(fake.callsOf("chat.update").length).toBeGreaterThan(0), 10_000);
  });
});
