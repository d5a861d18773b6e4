import type { Api, Update } from "node-telegram-bot-api";
import type { AdapterEnv } from "../../src/chat/adapter.js";
import type { Logger } from "../../src/core/logger.js";
import { retryAfterSeconds, scrubToken } from "./api-errors.js";
import type { Timers } from "./timers.js";

/** The env.state key of the next getUpdates offset. */
export const OFFSET_STATE_KEY = "telegram:offset";
/** Update types the adapter asks for (Telegram remembers the list). */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"];

export interface PollerOptions {
  api: Api;
  state: AdapterEnv["state"];
  timers: Timers;
  logger: Logger;
  token: string;
  timeoutSeconds: number;
  /** Back-off after a failed poll: doubles from initialMs up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
  /** Handles one update; must not throw for a bad update (the offset moves on regardless). */
  process(update: Update): Promise<void>;
}

/**
 * The long-poll loop. The offset is read from env.state at start and saved after every batch, so a restart
 * resumes where the last run stopped; updates are handled one at a time, in order. Failed polls back off
 * exponentially (or by retry_after on a 429) and re-poll from the same offset, so nothing is lost.
 */
export class UpdatePoller {
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  /** Consecutive failed polls, for health. */
  failures = 0;
  lastError: string | undefined;

  constructor(private readonly o: PollerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops polling; resolves after the update in hand is handled and the offset saved. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let offset = await this.o.state.get<number>(OFFSET_STATE_KEY);
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await this.o.api.getUpdates(
          { offset, timeout: this.o.timeoutSeconds, allowed_updates: ALLOWED_UPDATES },
          signal,
        );
        this.failures = 0;
        this.lastError = undefined;
      } catch (e) {
        if (signal.aborted) return;
        this.failures += 1;
        this.lastError = scrubToken(e instanceof Error ? e.message : String(e), this.o.token);
        const after = retryAfterSeconds(e);
        const wait =
          after !== undefined
            ? after * 1000
            : Math.min(this.o.backoff.initialMs * 2 ** (this.failures - 1), this.o.backoff.maxMs);
        this.o.logger.warn(
          { failures: this.failures, waitMs: wait, error: this.lastError },
          "telegram getUpdates failed",
        );
        try {
          await this.o.timers.sleep(wait, signal);
        } catch {
          return;
        }
        continue;
      }
      if (updates.length === 0) continue;
      // Finish the batch even when stop() is called meanwhile: its offset must be saved with it.
      // Chats are independent: each chat's updates run in order, different chats side by side, so a
      // busy group (or the pacing of the bot's posts to it) does not hold up the others.
      const byChat = new Map<string, Update[]>();
      for (const u of updates) {
        const key = chatKeyOf(u);
        const list = byChat.get(key);
        if (list) list.push(u);
        else byChat.set(key, [u]);
      }
      await Promise.all(
        [...byChat.values()].map(async (list) => {
          for (const u of list) await this.o.process(u);
        }),
      );
      offset = Math.max(offset ?? 0, ...updates.map((u) => u.update_id + 1));
      await this.o.state.set(OFFSET_STATE_KEY, offset);
    }
  }
}

/** The chat an update belongs to (messages, edits, button presses), so a chat's updates stay in order. */
function chatKeyOf(u: Update): string {
  const x = u as {
    message?: { chat?: { id?: number } };
    edited_message?: { chat?: { id?: number } };
    channel_post?: { chat?: { id?: number } };
    callback_query?: { message?: { chat?: { id?: number } }; from?: { id?: number } };
    my_chat_member?: { chat?: { id?: number } };
  };
  const id =
    x.message?.chat?.id ??
    x.edited_message?.chat?.id ??
    x.channel_post?.chat?.id ??
    x.callback_query?.message?.chat?.id ??
    x.my_chat_member?.chat?.id ??
    x.callback_query?.from?.id;
  return id === undefined ? "other" : String(id);
}
