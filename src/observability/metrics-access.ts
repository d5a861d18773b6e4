import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface MetricsAccess {
  /** Bearer token required from every caller (WATCHKEEPER_METRICS_TOKEN); unset means loopback only. */
  token?: string | undefined;
}

const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether a socket address is this machine. */
export function isLoopback(address: string | undefined): boolean {
  return !!address && loopback.test(address);
}

// Comparing digests keeps the comparison constant-time whatever the lengths.
const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may scrape /metrics: with a token, whoever presents it (from anywhere); without one, only
 * processes on this machine, because counts of incidents and deadlines say something about the org.
 */
export function mayScrape(req: IncomingMessage, access: MetricsAccess): boolean {
  if (access.token) {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    return !!m && timingSafeEqual(digest(m[1]!.trim()), digest(access.token));
  }
  return isLoopback(req.socket.remoteAddress);
}
