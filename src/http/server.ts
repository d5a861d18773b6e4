import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../core/logger.js";
import { type HttpRouter, sendJson } from "./router.js";

/** Starts the app's one HTTP server (webhooks, local chat, dashboard, health) on host:port. */
export async function startHttpServer(
  router: HttpRouter,
  options: { host: string; port: number; logger: Logger },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const found = router.match(req.method ?? "GET", url.pathname);
    if (found === null) return sendJson(res, 404, { error: "not_found" });
    if (found === "method") return sendJson(res, 405, { error: "method_not_allowed" });
    Promise.resolve()
      .then(() => found.handler(req, res, found.params))
      .catch((e: unknown) => {
        const status = (e as { status?: number }).status ?? 500;
        options.logger.error({ err: (e as Error).message, path: url.pathname }, "http handler failed");
        if (!res.headersSent)
          sendJson(res, status, { error: status === 500 ? "internal_error" : (e as Error).message });
        else res.end();
      });
  });
  // Slack and Telegram keep connections open; shutdown must not wait for them forever.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        setTimeout(() => server.closeAllConnections?.(), 3000).unref();
      }),
  };
}
