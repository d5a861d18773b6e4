import type { Feature } from "../app/context.js";
import { sendJson } from "../http/router.js";
import { metricsOf } from "./metrics.js";
import { mayScrape } from "./metrics-access.js";

export interface ObservabilityOptions {
  /** Overrides WATCHKEEPER_METRICS_TOKEN (tests); null forces loopback-only. */
  token?: string | null;
}

/** Serves Prometheus metrics at GET /metrics (see src/observability/README.md). */
export function createObservabilityFeature(options: ObservabilityOptions = {}): Feature {
  return {
    name: "observability",
    install(app) {
      const metrics = metricsOf(app);
      const token =
        options.token === null ? undefined : (options.token ?? (process.env.WATCHKEEPER_METRICS_TOKEN || undefined));
      app.http.get("/metrics", async (req, res) => {
        if (!mayScrape(req, { token })) {
          res.setHeader("www-authenticate", 'Bearer realm="metrics"');
          return sendJson(res, token ? 401 : 403, { error: token ? "unauthorized" : "loopback_only" });
        }
        const body = await metrics.registry.metrics();
        res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
        res.end(body);
      });
    },
  };
}

export const observabilityFeature = createObservabilityFeature();
