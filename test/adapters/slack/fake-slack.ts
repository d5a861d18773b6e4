// A fake Slack Web API over real HTTP: a small workspace (channels, messages, members, modals) that
// answers the methods the adapter calls, records every call with its token, and can answer 429.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  /** The token the call was made with (Authorization: Bearer). */
  token: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: Web API params are loosely typed JSON
  params: Record<string, any>;
  /** What the fake answered: 200 or 429. */
  status: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
  blocks: any[];
  threadTs?: string;
  /** Ephemeral: only this user sees it. */
  visibleTo?: string;
}

export interface FakeSlackOptions {
  botToken: string;
  adminUserToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

/** The fake Slack workspace and its Web API server. */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
  readonly views: { triggerId: string; view: any; user: string }[] = [];
  readonly members = new Map<string, Set<string>>();
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly server: Server;
  private readonly triggers = new Map<string, string>();
  private readonly rateLimits: { method: string; retryAfter: number }[] = [];
  private seq = 0;
  private readonly options: FakeSlackOptions;

  constructor(options: FakeSlackOptions) {
    this.options = options;
    this.botUserId = options.botUserId ?? "UBOT";
    this.botId = options.botId ?? "BBOT";
    this.teamId = options.teamId ?? "T0001";
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening on a free port; returns the Web API base URL (…/api/). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next call of `method` answers 429 with this Retry-After (seconds). */
  rateLimitNext(method: string, retryAfter: number): void {
    this.rateLimits.push({ method, retryAfter });
  }

  /** A new Slack timestamp, increasing. */
  nextTs(): string {
    this.seq += 1;
    return `${1772413200 + this.seq}.${String(this.seq).padStart(6, "0")}`;
  }

  /** A trigger_id Slack would put in a command or interaction payload for `user`. */
  issueTrigger(user: string): string {
    this.seq += 1;
    const id = `${this.seq}.trigger.${user}`;
    this.triggers.set(id, user);
    return id;
  }

  join(channel: string, user: string): void {
    let set = this.members.get(channel);
    if (!set) {
      set = new Set();
      this.members.set(channel, set);
    }
    set.add(user);
  }

  /** A member posts in a channel (the harness then sends the matching event to the adapter). */
  memberPosts(channel: string, user: string, text: string): FakeMessage {
    this.join(channel, user);
    const m: FakeMessage = { channel, ts: this.nextTs(), user, text, blocks: [] };
    this.messages.push(m);
    return m;
  }

  /** Messages `viewer` sees in `channel`, oldest first. */
  visible(channel: string, viewer: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && (m.visibleTo === undefined || m.visibleTo === viewer));
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const params = parseParams(raw, req.headers["content-type"]);
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : (params.token as string | undefined);
    const limitIdx = this.rateLimits.findIndex((r) => r.method === method);
    if (limitIdx >= 0) {
      const { retryAfter } = this.rateLimits.splice(limitIdx, 1)[0]!;
      this.calls.push({ method, token, params, status: 429 });
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    this.calls.push({ method, token, params, status: 200 });
    const body = this.answer(method, token, params);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  // biome-ignore lint/suspicious/noExplicitAny: Web API params and answers are loosely typed JSON
  private answer(method: string, token: string | undefined, p: Record<string, any>): Record<string, unknown> {
    const isBot = token === this.options.botToken;
    const isAdmin = token !== undefined && token === this.options.adminUserToken;
    if (!isBot && !isAdmin) return { ok: false, error: "invalid_auth" };
    const find = () => this.messages.find((m) => m.channel === p.channel && m.ts === p.ts);
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          team_id: this.teamId,
          user: "watchkeeper",
          user_id: this.botUserId,
          bot_id: this.botId,
        };
      case "chat.postMessage": {
        if (!p.channel || (!p.text && !p.blocks)) return { ok: false, error: "no_text" };
        const m: FakeMessage = {
          channel: p.channel,
          ts: this.nextTs(),
          user: this.botUserId,
          text: p.text ?? "",
          blocks: p.blocks ?? [],
        };
        if (p.thread_ts) m.threadTs = p.thread_ts;
        this.messages.push(m);
        return { ok: true, channel: m.channel, ts: m.ts, message: { text: m.text, ts: m.ts, bot_id: this.botId } };
      }
      case "chat.postEphemeral": {
        const members = this.members.get(p.channel);
        if (members && !members.has(p.user)) return { ok: false, error: "user_not_in_channel" };
        const m: FakeMessage = {
          channel: p.channel,
          ts: this.nextTs(),
          user: this.botUserId,
          text: p.text ?? "",
          blocks: p.blocks ?? [],
          visibleTo: p.user,
        };
        this.messages.push(m);
        return { ok: true, message_ts: m.ts };
      }
      case "chat.update": {
        const m = find();
        if (!m) return { ok: false, error: "message_not_found" };
        if (m.user !== this.botUserId) return { ok: false, error: "cant_update_message" };
        m.text = p.text ?? m.text;
        m.blocks = p.blocks ?? m.blocks;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case "chat.delete": {
        const m = find();
        if (!m) return { ok: false, error: "message_not_found" };
        // As on Slack: a bot token deletes only the bot's own messages; an admin's user token any.
        if (!isAdmin && m.user !== this.botUserId) return { ok: false, error: "cant_delete_message" };
        this.messages.splice(this.messages.indexOf(m), 1);
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(p.users).replace(/^U/, "")}` } };
      case "conversations.kick": {
        const members = this.members.get(p.channel);
        if (!members?.has(p.user)) return { ok: false, error: "not_in_channel" };
        members.delete(p.user);
        return { ok: true };
      }
      case "views.open": {
        const user = this.triggers.get(p.trigger_id);
        if (!user) return { ok: false, error: "invalid_trigger_id" };
        this.triggers.delete(p.trigger_id);
        this.views.push({ triggerId: p.trigger_id, view: p.view, user });
        return { ok: true, view: { id: `V${this.views.length}`, ...p.view } };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}

/** Web API bodies are form-encoded with nested values as JSON strings (or JSON); decode both. */
// biome-ignore lint/suspicious/noExplicitAny: Web API params are loosely typed JSON
function parseParams(raw: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes("application/json")) return raw ? JSON.parse(raw) : {};
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
