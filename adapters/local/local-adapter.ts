import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdapterEnv, InboundHandler } from "../../src/chat/adapter.js";
import { readBody, sendJson, sendText } from "../../src/http/router.js";
import { MemoryAdapter } from "../memory/memory-adapter.js";
import type { WorldMessage } from "../memory/world.js";
import { localChatPage } from "./page.js";

export interface LocalRoster {
  people: { id: string; name: string }[];
  groups: { id: string; name: string }[];
}

export interface LocalAdapterConfig {
  /** Who can be picked in the web chat (the org's people and groups). */
  roster: () => Promise<LocalRoster>;
}

/**
 * The embedded default: a web chat served by the app itself (at "/"), where you pick a person from
 * the org and a group, type messages and commands, and press the bot's buttons. It is the memory
 * adapter's world made visible over HTTP, on platform "local" (ids are the org's person and group ids).
 * Anyone who can reach the page can act as anyone: it binds to loopback unless told otherwise.
 */
export class LocalAdapter extends MemoryAdapter {
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly config: LocalAdapterConfig) {
    super({ platform: "local" });
    this.world.on("change", () => {
      for (const s of this.streams) s.write("data: change\n\n");
    });
  }

  override async start(handler: InboundHandler, env: AdapterEnv): Promise<void> {
    await super.start(handler, env);
    const { http } = env;
    http.get("/", (_req, res) => sendText(res, 200, localChatPage, "text/html; charset=utf-8"));
    http.get("/local/api/roster", async (_req, res) => sendJson(res, 200, await this.config.roster()));
    http.get("/local/api/messages", (req, res) => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      const person = q.get("person") ?? "";
      const channel = channelOf(q.get("channel") ?? "", person);
      sendJson(res, 200, {
        messages: this.world.visible(channel, person).map(view),
        restricted: this.world.isRestricted(channel, person, this.nowMs()),
      });
    });
    http.get("/local/api/forms", (req, res) => {
      const person = new URL(req.url ?? "/", "http://x").searchParams.get("person") ?? "";
      sendJson(res, 200, { form: this.world.forms.findLast((f) => f.userId === person)?.spec ?? null });
    });
    http.get("/local/api/events", (req, res) => {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write(": connected\n\n");
      this.streams.add(res);
      req.on("close", () => this.streams.delete(res));
    });
    http.post("/local/api/say", (req, res) =>
      this.act(req, res, async (b) => {
        const channel = channelOf(str(b, "channel"), str(b, "person"));
        const name = await this.nameOf(str(b, "person"));
        const ref = await this.asUserSay(str(b, "person"), channel, str(b, "text"), name ? { name } : {});
        return { messageId: ref.messageId };
      }),
    );
    http.post("/local/api/press", (req, res) =>
      this.act(req, res, async (b) => {
        const channel = channelOf(str(b, "channel"), str(b, "person"));
        const input = typeof b.input === "string" ? b.input : undefined;
        await this.asUserPress(
          str(b, "person"),
          { platform: "local", channelId: channel, messageId: str(b, "messageId") },
          str(b, "actionId"),
          input,
        );
        return {};
      }),
    );
    http.post("/local/api/form", (req, res) =>
      this.act(req, res, async (b) => {
        const values = (b.values ?? {}) as Record<string, string>;
        await this.asUserSubmitForm(str(b, "person"), values);
        return {};
      }),
    );
  }

  override async stop(): Promise<void> {
    for (const s of this.streams) s.end();
    this.streams.clear();
    await super.stop();
  }

  private names: { map: Map<string, string>; at: number } | undefined;

  /** A person's display name; the roster is read at most every 30 s, not once per message typed. */
  private async nameOf(personId: string): Promise<string | undefined> {
    // Wall time on purpose: this is a cache lifetime, not domain time (a frozen test clock must not pin it).
    const now = Date.now();
    if (!this.names || now - this.names.at > 30_000) {
      const roster = await this.config.roster();
      this.names = { map: new Map(roster.people.map((p) => [p.id, p.name])), at: now };
    }
    return this.names.map.get(personId);
  }

  private nowMs(): number {
    return this.now().getTime();
  }

  private async act(
    req: IncomingMessage,
    res: ServerResponse,
    fn: (body: Record<string, unknown>) => Promise<object>,
  ): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req, 64 * 1024)).toString("utf8") || "{}");
    } catch {
      return sendJson(res, 400, { error: "body must be JSON" });
    }
    try {
      sendJson(res, 200, await fn(body));
    } catch (e) {
      sendJson(res, 400, { error: (e as Error).message });
    }
  }
}

function str(b: Record<string, unknown>, key: string): string {
  const v = b[key];
  if (typeof v !== "string" || !v) throw new Error(`"${key}" is required`);
  return v;
}

/** "dm" means the person's direct chat with the bot; anything else is a group id. */
function channelOf(channel: string, person: string): string {
  return channel === "dm" ? `dm:${person}` : channel;
}

function view(m: WorldMessage) {
  return {
    id: m.id,
    sender: m.senderName,
    senderId: m.senderId,
    fromBot: m.fromBot,
    text: m.text,
    at: m.at.toISOString(),
    private: m.visibleTo !== undefined,
    edited: m.edited,
    buttons: m.buttons,
  };
}

export function createLocalAdapter(config: LocalAdapterConfig): LocalAdapter {
  return new LocalAdapter(config);
}
