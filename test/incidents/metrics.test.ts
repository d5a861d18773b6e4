import { afterEach, describe, expect, it } from "vitest";
import { metricsOf } from "../../src/observability/metrics.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe("incident metrics", () => {
  let t: TestApp;
  afterEach(async () => {
    await t.stop();
  });

  it("counts incidents opened, deadlines missed and the escalation lag", async () => {
    t = await startTestApp();
    await t.chat.asUserSay("wang.wu", "it-centre-group", "/report intrusion major 官网被篡改");
    await t.clock.advance(16 * 60_000); // the 15-minute acknowledgement window passes
    const text = await metricsOf(t.app.context).registry.metrics();
    expect(text).toContain('watchkeeper_incidents_opened_total{category="intrusion",severity="major"} 1');
    expect(text).toContain('watchkeeper_deadlines_missed_total{kind="ack"} 1');
    expect(text).toMatch(/watchkeeper_escalation_lag_seconds_count\{kind="ack"\} 1/);
  });
});
