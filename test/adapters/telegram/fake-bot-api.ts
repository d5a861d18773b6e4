// A fake Telegram Bot API over real HTTP: POST /bot<token>/<method>, urlencoded (what node-telegram-bot-api
// 2.x sends) or JSON bodies, Telegram's { ok, result } / { ok: false, error_code, description } envelopes.
// It keeps a small world (chats, messages, members, restrictions), queues updates for getUpdates, records
// every call, and can be told to fail a method.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface FakeMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string; title?: string; first_name?: string };
  from?: FakeUser;
  text?: string;
  entities?: unknown[];
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][]; force_reply?: boolean };
  reply_to_message?: FakeMessage;
  deleted?: boolean;
  [k: string]: unknown;
}

export interface FakeChat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  messages: FakeMessage[];
  members: Set<number>;
  banned: Set<number>;
  restrictions: Map<number, { permissions: Record<string, boolean>; until_date: number }>;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  contentType: string;
}

interface Failure {
  error_code: number;
  description: string;
  parameters?: Record<string, unknown>;
  /** Destroy the connection instead of answering (a network error). */
  drop?: boolean;
}

// Fields Telegram reads as JSON, numbers or booleans when they arrive form-encoded.
const jsonFields = new Set([
  "reply_markup",
  "permissions",
  "commands",
  "reply_parameters",
  "entities",
  "allowed_updates",
  "link_preview_options",
]);
const numberFields = new Set(["user_id", "message_id", "until_date", "offset", "limit", "timeout", "max_connections"]);
const boolFields = new Set([
  "only_if_banned",
  "revoke_messages",
  "drop_pending_updates",
  "use_independent_chat_permissions",
  "show_alert",
]);

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly chats = new Map<number, FakeChat>();
  readonly me: FakeUser & { can_read_all_group_messages: boolean; can_join_groups: boolean };
  webhook: { url: string; secret_token?: string } | undefined;
  /** The highest offset a getUpdates call confirmed. */
  confirmedOffset = 0;
  /** getUpdates requests being held open. */
  pendingPolls = 0;
  private server: Server | undefined;
  private queue: { update: Record<string, unknown>; force: boolean }[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private waiters: (() => void)[] = [];
  private failures = new Map<string, Failure[]>();
  /** Users the bot cannot write to first (they never pressed Start). */
  readonly noDirect = new Set<number>();

  constructor(
    readonly token = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
    me: { username?: string; privacy?: boolean } = {},
  ) {
    this.me = {
      id: 999000,
      is_bot: true,
      first_name: "Watchkeeper",
      username: me.username ?? "WatchkeeperBot",
      can_join_groups: true,
      can_read_all_group_messages: !(me.privacy ?? false),
    };
  }

  /** Bot API base URL (what TELEGRAM_API_URL would be). */
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.route(req, res);
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  // ---- the world ----

  chat(id: number, type: FakeChat["type"] = id < 0 ? "supergroup" : "private", title?: string): FakeChat {
    let c = this.chats.get(id);
    if (!c) {
      c = { id, type, title, messages: [], members: new Set(), banned: new Set(), restrictions: new Map() };
      this.chats.set(id, c);
    }
    return c;
  }

  private chatJson(c: FakeChat): FakeMessage["chat"] {
    return { id: c.id, type: c.type, ...(c.title ? { title: c.title } : {}) };
  }

  findMessage(chatId: number | string, messageId: number | string): FakeMessage | undefined {
    return this.chats.get(Number(chatId))?.messages.find((m) => m.message_id === Number(messageId));
  }

  /** Messages still visible in a chat, oldest first. */
  visible(chatId: number): FakeMessage[] {
    return (this.chats.get(chatId)?.messages ?? []).filter((m) => !m.deleted);
  }

  botMessages(chatId: number): FakeMessage[] {
    return this.visible(chatId).filter((m) => m.from?.id === this.me.id);
  }

  isRestricted(chatId: number, userId: number): boolean {
    const r = this.chats.get(chatId)?.restrictions.get(userId);
    if (r?.permissions.can_send_messages !== false) return false;
    return r!.until_date === 0 || r.until_date * 1000 > Date.now();
  }

  // ---- updates ----

  /** Queues an update for getUpdates; returns its update_id. */
  queueUpdate(payload: Record<string, unknown>, options: { updateId?: number; force?: boolean } = {}): number {
    const update_id = options.updateId ?? this.nextUpdateId++;
    if (update_id >= this.nextUpdateId) this.nextUpdateId = update_id + 1;
    this.queue.push({ update: { update_id, ...payload }, force: options.force ?? false });
    for (const w of this.waiters.splice(0)) w();
    return update_id;
  }

  /** A user writes in a chat: stored in the world and queued as an update. */
  userSays(
    chatId: number,
    user: FakeUser,
    text: string | undefined,
    extra: { replyTo?: number; edit?: number; fields?: Record<string, unknown> } = {},
  ): { updateId: number; messageId: number } {
    const c = this.chat(chatId);
    c.members.add(user.id);
    const now = Math.floor(Date.now() / 1000);
    if (extra.edit !== undefined) {
      const m = this.findMessage(chatId, extra.edit)!;
      m.text = text;
      m.edit_date = now;
      return { updateId: this.queueUpdate({ edited_message: { ...m } }), messageId: m.message_id };
    }
    const m: FakeMessage = {
      message_id: this.nextMessageId++,
      date: now,
      chat: this.chatJson(c),
      from: user,
      ...(text !== undefined ? { text } : {}),
      ...extra.fields,
    };
    if (extra.replyTo !== undefined) {
      const r = this.findMessage(chatId, extra.replyTo);
      if (r) m.reply_to_message = { ...r, reply_to_message: undefined };
    }
    c.messages.push(m);
    return { updateId: this.queueUpdate({ message: m }), messageId: m.message_id };
  }

  /** A user presses an inline button on a message. */
  userPresses(chatId: number, messageId: number, user: FakeUser, data: string): number {
    const m = this.findMessage(chatId, messageId);
    if (!m) throw new Error(`no message ${messageId} in ${chatId}`);
    return this.queueUpdate({
      callback_query: { id: `cq${this.nextUpdateId}`, from: user, message: m, chat_instance: "ci", data },
    });
  }

  /** Resolves once a getUpdates call has confirmed `updateId` (the adapter finished with it). */
  async waitConfirmed(updateId: number, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (this.confirmedOffset <= updateId) {
      if (Date.now() - start > timeoutMs) throw new Error(`update ${updateId} not confirmed in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Resolves once no getUpdates request is held open (a stopped adapter's last poll has gone). */
  async waitNoPolls(timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (this.pendingPolls > 0) {
      if (Date.now() - start > timeoutMs) throw new Error("a getUpdates request is still open");
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  // ---- failures and observation ----

  /** The next `times` calls of `method` fail with this error. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  callsOf(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  // ---- HTTP ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (m[1] !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = m[2]!;
    const contentType = req.headers["content-type"] ?? "";
    const params = parseBody(Buffer.concat(chunks).toString("utf8"), contentType);
    this.calls.push({ method, params, contentType });
    const failure = this.failures.get(method)?.shift();
    if (failure?.drop) {
      req.socket.destroy();
      return;
    }
    if (failure) {
      const { drop: _drop, ...body } = failure;
      return this.reply(res, failure.error_code, { ok: false, ...body });
    }
    try {
      const result = await this.call(method, params, res);
      if (result === undefined) return; // client went away
      this.reply(res, 200, { ok: true, result });
    } catch (e) {
      const err = e as { code?: number; message: string };
      this.reply(res, err.code ?? 400, { ok: false, error_code: err.code ?? 400, description: err.message });
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  }

  private async call(method: string, p: Record<string, unknown>, res: ServerResponse): Promise<unknown> {
    const chatId = Number(p.chat_id);
    switch (method) {
      case "getMe":
        return this.me;
      case "getUpdates":
        return this.getUpdates(p, res);
      case "setWebhook":
        this.webhook = { url: String(p.url), ...(p.secret_token ? { secret_token: String(p.secret_token) } : {}) };
        return true;
      case "deleteWebhook":
        this.webhook = undefined;
        return true;
      case "setMyCommands":
      case "answerCallbackQuery":
        return true;
      case "sendMessage": {
        if (chatId > 0 && this.noDirect.has(chatId)) {
          throw fail(403, "Forbidden: bot can't initiate conversation with a user");
        }
        const c = this.chat(chatId);
        const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
        const msg: FakeMessage = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: this.chatJson(c),
          from: this.me,
          text: String(p.text),
          ...(p.entities ? { entities: p.entities as unknown[] } : {}),
          ...(p.reply_markup ? { reply_markup: p.reply_markup as FakeMessage["reply_markup"] } : {}),
        };
        const r = replyTo !== undefined ? this.findMessage(chatId, replyTo) : undefined;
        if (r) msg.reply_to_message = { ...r, reply_to_message: undefined };
        c.messages.push(msg);
        return msg;
      }
      case "editMessageText": {
        const msg = this.findMessage(chatId, Number(p.message_id));
        if (!msg || msg.deleted) throw fail(400, "Bad Request: message to edit not found");
        const markup = p.reply_markup as FakeMessage["reply_markup"];
        if (msg.text === p.text && JSON.stringify(msg.reply_markup ?? {}) === JSON.stringify(markup ?? {})) {
          throw fail(400, "Bad Request: message is not modified");
        }
        msg.text = String(p.text);
        msg.reply_markup = markup;
        msg.edit_date = Math.floor(Date.now() / 1000);
        return msg;
      }
      case "deleteMessage": {
        const msg = this.findMessage(chatId, Number(p.message_id));
        if (!msg || msg.deleted) throw fail(400, "Bad Request: message to delete not found");
        msg.deleted = true;
        return true;
      }
      case "restrictChatMember": {
        const c = this.chat(chatId);
        c.restrictions.set(Number(p.user_id), {
          permissions: p.permissions as Record<string, boolean>,
          until_date: Number(p.until_date ?? 0),
        });
        return true;
      }
      case "banChatMember": {
        const c = this.chat(chatId);
        c.members.delete(Number(p.user_id));
        c.banned.add(Number(p.user_id));
        return true;
      }
      case "unbanChatMember": {
        const c = this.chat(chatId);
        const uid = Number(p.user_id);
        if (p.only_if_banned && !c.banned.has(uid)) return true;
        c.banned.delete(uid);
        return true;
      }
      default:
        throw fail(404, "Not Found: method not found");
    }
  }

  private async getUpdates(p: Record<string, unknown>, res: ServerResponse): Promise<unknown[] | undefined> {
    if (this.webhook) {
      throw fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook first");
    }
    const offset = p.offset === undefined ? undefined : Number(p.offset);
    if (offset !== undefined) {
      this.confirmedOffset = Math.max(this.confirmedOffset, offset);
      // Telegram forgets confirmed updates; a forced one is a redelivery that ignores the offset once.
      this.queue = this.queue.filter((q) => q.force || (q.update.update_id as number) >= offset);
    }
    const limit = Number(p.limit ?? 100);
    const deadline = Date.now() + Number(p.timeout ?? 0) * 1000;
    let gone = false;
    res.once("close", () => {
      gone = true;
      for (const w of this.waiters.splice(0)) w();
    });
    this.pendingPolls += 1;
    try {
      while (this.queue.length === 0 && !gone && Date.now() < deadline && this.server?.listening) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.max(0, deadline - Date.now()));
          this.waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    } finally {
      this.pendingPolls -= 1;
    }
    if (gone) return undefined;
    const batch = this.queue.slice(0, limit);
    for (const q of batch) q.force = false;
    return batch.map((q) => q.update);
  }
}

function fail(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

/** Parses a Bot API request body the way Telegram does: JSON, or form fields with typed values. */
export function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (jsonFields.has(k)) out[k] = JSON.parse(v);
    else if (numberFields.has(k)) out[k] = Number(v);
    // chat_id is a number or an @username.
    else if (k === "chat_id") out[k] = /^-?\d+$/.test(v) ? Number(v) : v;
    else if (boolFields.has(k)) out[k] = v === "true";
    else out[k] = v;
  }
  return out;
}
