import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, metricsOf } from "../../src/observability/metrics.js";
import { mayScrape } from "../../src/observability/metrics-access.js";
import { type DashboardApp, seedActivity, startDashboardApp } from "../dashboard/dashboard-app.js";

/** Parses the Prometheus text format into metric families: type and samples (name{labels} → value). */
function parse(text: string) {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    else if (line && !line.startsWith("#")) {
      const m = /^(\S+?(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (!m) throw new Error(`unparseable sample line: ${line}`);
      samples.set(m[1]!, Number(m[2]));
    }
  }
  return { types, samples };
}

describe("/metrics", () => {
  let d: DashboardApp;
  beforeAll(async () => {
    d = await startDashboardApp();
    await seedActivity(d.app, d.clock.now());
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
  });

  it("serves every Watchkeeper metric with its type, the database gauges and process metrics", async () => {
    const m = metricsOf(d.app.context);
    m.messagesModerated.inc({ category: "gambling", action: "hide" });
    m.incidentsOpened.inc({ category: "virus", severity: "serious" });
    m.escalationLag.observe({ kind: "ack" }, 2.5);
    m.registerQueue("deadline-timers", async () => 7);
    const res = await fetch(`${d.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parse(await res.text());
    expect(Object.fromEntries([...types].filter(([name]) => /^watchkeeper_(?!process|nodejs)/.test(name)))).toEqual({
      watchkeeper_deadlines_overdue: "gauge",
      watchkeeper_deadlines_open: "gauge",
      watchkeeper_incidents_open: "gauge",
      watchkeeper_queue_depth: "gauge",
      watchkeeper_messages_moderated_total: "counter",
      watchkeeper_incidents_opened_total: "counter",
      watchkeeper_deadlines_missed_total: "counter",
      watchkeeper_escalation_lag_seconds: "histogram",
      watchkeeper_adapter_errors_total: "counter",
      watchkeeper_dashboard_render_seconds: "histogram",
      watchkeeper_metrics_collect_errors_total: "counter",
    });
    expect(types.get("watchkeeper_process_resident_memory_bytes")).toBe("gauge");
    expect(samples.get('watchkeeper_messages_moderated_total{category="gambling",action="hide"}')).toBe(1);
    expect(samples.get('watchkeeper_incidents_opened_total{category="virus",severity="serious"}')).toBe(1);
    expect(samples.get('watchkeeper_escalation_lag_seconds_bucket{le="5",kind="ack"}')).toBe(1);
    expect(samples.get('watchkeeper_escalation_lag_seconds_bucket{le="1",kind="ack"}')).toBe(0);
    // Read from the seeded Deadline and Incident rows at scrape time.
    expect(samples.get('watchkeeper_deadlines_open{kind="ack"}')).toBe(1);
    expect(samples.get('watchkeeper_deadlines_open{kind="duty"}')).toBe(1);
    expect(samples.get('watchkeeper_deadlines_overdue{kind="duty"}')).toBe(1);
    expect(samples.has('watchkeeper_deadlines_overdue{kind="ack"}')).toBe(false);
    expect(samples.get('watchkeeper_incidents_open{severity="serious"}')).toBe(1);
    expect(samples.get('watchkeeper_queue_depth{queue="moderation"}')).toBe(0);
    expect(samples.get('watchkeeper_queue_depth{queue="deadline-timers"}')).toBe(7);
  });

  it("reflects a closed incident on the next scrape", async () => {
    await d.app.context.db.prisma.incident.updateMany({ data: { closedAt: d.clock.now(), state: "closed" } });
    const { samples } = parse(await (await fetch(`${d.url}/metrics`)).text());
    expect(samples.has('watchkeeper_incidents_open{severity="serious"}')).toBe(false);
  });
});

describe("/metrics with WATCHKEEPER_METRICS_TOKEN", () => {
  let d: DashboardApp;
  beforeAll(async () => {
    d = await startDashboardApp({ metricsToken: "s3cret-token" });
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
  });

  it("requires the bearer token, even from loopback", async () => {
    expect((await fetch(`${d.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${d.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await fetch(`${d.url}/metrics`, { headers: { authorization: "Bearer s3cret-token" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE watchkeeper_deadlines_open gauge");
  });
});

describe("a metrics registry without a database", () => {
  it("keeps the scrape-time gauges empty instead of failing", async () => {
    const m = createMetrics({ defaultMetrics: false });
    const text = await m.registry.metrics();
    expect(text).toContain("# TYPE watchkeeper_deadlines_open gauge");
    expect(text).not.toMatch(/^watchkeeper_deadlines_open\{/m);
  });

  it("counts a failing queue reader instead of failing the scrape", async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.registerQueue("broken", async () => {
      throw new Error("redis down");
    });
    const first = parse(await m.registry.metrics());
    expect(first.samples.has('watchkeeper_queue_depth{queue="broken"}')).toBe(false);
    const { samples } = parse(await m.registry.metrics());
    expect(samples.get('watchkeeper_metrics_collect_errors_total{gauge="queue_depth:broken"}')).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe("who may scrape", () => {
  const req = (remoteAddress: string, authorization?: string) =>
    ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;

  it("allows only loopback without a token, and only the token holder with one", () => {
    expect(mayScrape(req("127.0.0.1"), {})).toBe(true);
    expect(mayScrape(req("::ffff:127.0.0.1"), {})).toBe(true);
    expect(mayScrape(req("10.0.0.5"), {})).toBe(false);
    expect(mayScrape(req("10.0.0.5", "Bearer t0ken"), { token: "t0ken" })).toBe(true);
    expect(mayScrape(req("127.0.0.1"), { token: "t0ken" })).toBe(false);
  });
});
