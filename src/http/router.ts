import type { IncomingMessage, ServerResponse } from "node:http";

export type HttpHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: HttpHandler;
}

/**
 * A small router over node:http, so Bolt's and Telegram's webhook handlers, the local chat and the
 * dashboard share one port. Paths: exact ("/healthz"), params ("/incidents/:id"), prefix ("/local/*").
 */
export class HttpRouter {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: HttpHandler): void {
    const keys: string[] = [];
    const src = path
      .split("/")
      .map((seg) => {
        if (seg === "*") {
          keys.push("*");
          return "(.*)";
        }
        if (seg.startsWith(":")) {
          keys.push(seg.slice(1));
          return "([^/]+)";
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${src}$`), keys, handler });
  }

  get(path: string, handler: HttpHandler): void {
    this.add("GET", path, handler);
  }

  post(path: string, handler: HttpHandler): void {
    this.add("POST", path, handler);
  }

  /** Finds the handler for a request; "method not allowed" when only the path matches. */
  match(method: string, path: string): { handler: HttpHandler; params: Record<string, string> } | "method" | null {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method.toUpperCase() && !(r.method === "GET" && method.toUpperCase() === "HEAD")) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1] ?? "");
      });
      return { handler: r.handler, params };
    }
    return pathMatched ? "method" : null;
  }
}

/** Reads a request body (bounded), for handlers that parse it themselves. */
export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error("request body too large"), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
