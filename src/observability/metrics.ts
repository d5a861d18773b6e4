import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AppContext } from "../app/context.js";
import type { Clock } from "../core/clock.js";
import type { PrismaClient } from "../db/database.js";

/** A queue's current length, read on every scrape (e.g. a BullMQ queue's waiting + delayed jobs). */
export type DepthReader = () => Promise<number>;

/**
 * Watchkeeper's Prometheus metrics, one registry per app. Features increment the counters and
 * histograms; the gauges are read from the database (the source of truth) when /metrics is scraped.
 */
export interface Metrics {
  registry: Registry;
  /** Messages the moderation stage acted on, by prohibited-content category and action taken. */
  messagesModerated: Counter<"category" | "action">;
  /** Incidents opened, by category and severity. */
  incidentsOpened: Counter<"category" | "severity">;
  /** Deadlines that passed without being met, by kind (ack, duty). */
  deadlinesMissed: Counter<"kind">;
  /** Seconds from a deadline's due time to the escalation reaching the next person up the chain. */
  escalationLag: Histogram<"kind">;
  /** Failed calls to a chat platform, by platform and kind of failure. */
  adapterErrors: Counter<"platform" | "kind">;
  /** Server time to build one dashboard page. */
  dashboardRender: Histogram<"page">;
  /** Open deadlines by kind (collected on scrape). */
  deadlinesOpen: Gauge<"kind">;
  /** Open deadlines already past due (collected on scrape): escalations waiting to happen. */
  deadlinesOverdue: Gauge<"kind">;
  /** Open incidents by severity (collected on scrape). */
  incidentsOpen: Gauge<"severity">;
  /** Work waiting, by queue (collected on scrape; "moderation" = stored messages not yet moderated). */
  queueDepth: Gauge<"queue">;
  /** Adds a queue to watchkeeper_queue_depth. */
  registerQueue(queue: string, read: DepthReader): void;
}

export interface MetricsOptions {
  /** The database the gauges read on scrape; without it they stay empty. */
  prisma?: PrismaClient;
  clock?: Clock;
  /** Node process metrics (CPU, memory, event loop, GC) under `watchkeeper_process_…`/`watchkeeper_nodejs_…`. @defaultValue true */
  defaultMetrics?: boolean;
}

/** Builds a registry with every Watchkeeper metric defined, so names and types never drift per feature. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "watchkeeper_" });
  const queues = new Map<string, DepthReader>();
  const collectErrors = new Counter({
    name: "watchkeeper_metrics_collect_errors_total",
    help: "Scrape-time reads that failed (the gauge is left empty for that scrape)",
    labelNames: ["gauge"],
    // prom-client collects metrics concurrently, so a failure shows up by the next scrape at the latest.
    registers: [],
  });
  const guarded = async (gauge: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch {
      collectErrors.inc({ gauge });
    }
  };
  const prisma = options.prisma;
  const now = () => (options.clock ?? { now: () => new Date() }).now();

  const deadlinesOverdue: Gauge<"kind"> = new Gauge({
    name: "watchkeeper_deadlines_overdue",
    help: "Open deadlines already past their due time",
    labelNames: ["kind"],
    registers,
    async collect() {
      if (!prisma) return;
      await guarded("deadlines_overdue", async () => {
        const rows = await prisma.deadline.groupBy({
          by: ["kind"],
          where: { state: "open", dueAt: { lt: now() } },
          _count: { _all: true },
        });
        deadlinesOverdue.reset();
        for (const r of rows) deadlinesOverdue.set({ kind: r.kind }, r._count._all);
      });
    },
  });
  const deadlinesOpen: Gauge<"kind"> = new Gauge({
    name: "watchkeeper_deadlines_open",
    help: "Open deadlines, by kind",
    labelNames: ["kind"],
    registers,
    async collect() {
      if (!prisma) return;
      await guarded("deadlines_open", async () => {
        const rows = await prisma.deadline.groupBy({ by: ["kind"], where: { state: "open" }, _count: { _all: true } });
        deadlinesOpen.reset();
        for (const r of rows) deadlinesOpen.set({ kind: r.kind }, r._count._all);
      });
    },
  });
  const incidentsOpen: Gauge<"severity"> = new Gauge({
    name: "watchkeeper_incidents_open",
    help: "Incidents not yet closed, by severity",
    labelNames: ["severity"],
    registers,
    async collect() {
      if (!prisma) return;
      await guarded("incidents_open", async () => {
        const rows = await prisma.incident.groupBy({
          by: ["severity"],
          where: { closedAt: null },
          _count: { _all: true },
        });
        incidentsOpen.reset();
        for (const r of rows) incidentsOpen.set({ severity: r.severity }, r._count._all);
      });
    },
  });
  const queueDepth: Gauge<"queue"> = new Gauge({
    name: "watchkeeper_queue_depth",
    help: "Work waiting, by queue",
    labelNames: ["queue"],
    registers,
    async collect() {
      queueDepth.reset();
      for (const [queue, read] of queues)
        await guarded(`queue_depth:${queue}`, async () => queueDepth.set({ queue }, await read()));
    },
  });
  if (prisma)
    // A failed message is retried, never dropped, so it is still waiting work.
    queues.set("moderation", () =>
      prisma.storedMessage.count({ where: { moderationState: { in: ["pending", "failed"] } } }),
    );

  const metrics: Metrics = {
    registry,
    messagesModerated: new Counter({
      name: "watchkeeper_messages_moderated_total",
      help: "Messages the moderation stage acted on, by category and action",
      labelNames: ["category", "action"],
      registers,
    }),
    incidentsOpened: new Counter({
      name: "watchkeeper_incidents_opened_total",
      help: "Incidents opened, by category and severity",
      labelNames: ["category", "severity"],
      registers,
    }),
    deadlinesMissed: new Counter({
      name: "watchkeeper_deadlines_missed_total",
      help: "Deadlines that passed without being met, by kind",
      labelNames: ["kind"],
      registers,
    }),
    escalationLag: new Histogram({
      name: "watchkeeper_escalation_lag_seconds",
      help: "Seconds from a deadline's due time until the escalation reached the next person",
      labelNames: ["kind"],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600],
      registers,
    }),
    adapterErrors: new Counter({
      name: "watchkeeper_adapter_errors_total",
      help: "Failed calls to a chat platform, by platform and kind",
      labelNames: ["platform", "kind"],
      registers,
    }),
    dashboardRender: new Histogram({
      name: "watchkeeper_dashboard_render_seconds",
      help: "Server time to build one dashboard page",
      labelNames: ["page"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    deadlinesOpen,
    deadlinesOverdue,
    incidentsOpen,
    queueDepth,
    registerQueue(queue, read) {
      queues.set(queue, read);
    },
  };
  registry.registerMetric(collectErrors);
  return metrics;
}

const byApp = new WeakMap<AppContext, Metrics>();

/** The app's metrics (created on first use), so any feature can increment them without wiring. */
export function metricsOf(app: Pick<AppContext, "db" | "clock">): Metrics {
  const key = app as AppContext;
  let m = byApp.get(key);
  if (!m) {
    m = createMetrics({ prisma: app.db.prisma, clock: app.clock });
    byApp.set(key, m);
  }
  return m;
}
