import { createHash } from "node:crypto";
import type { AdapterEnv } from "../../src/chat/adapter.js";

/** What a pressed inline button stands for. */
export type CallbackEntry =
  /** A Button the core offered. */
  | { kind: "action"; actionId: string; value: Record<string, string>; input?: { label: string; placeholder?: string } }
  /** An option of a select field in a guided form dialogue. */
  | { kind: "form"; dialogueId: string; fieldId: string; value: string; label: string };

const PREFIX = "wk1:";
/** Entries kept in memory; older ones are re-read from env.state when pressed. */
const CACHE_SIZE = 5000;

/** The env.state key under which a callback token's entry is kept. */
export function callbackStateKey(token: string): string {
  return `telegram:cb:${token}`;
}

/** The token inside a callback_data string, or null when the data is not ours. */
export function parseCallbackData(data: string | undefined): string | null {
  return data?.startsWith(PREFIX) ? data.slice(PREFIX.length) : null;
}

/**
 * Maps inline-button callback_data (Telegram allows 64 bytes) to the full entry it stands for. The token is
 * a hash of the entry, so the same button always gets the same data and re-posting it writes nothing new;
 * entries live in env.state, so buttons keep working after a restart.
 */
export class CallbackStore {
  private readonly cache = new Map<string, CallbackEntry>();

  constructor(private readonly state: AdapterEnv["state"]) {}

  /** Stores the entry (once) and returns the callback_data for it: "wk1:" + 22 characters. */
  async encode(entry: CallbackEntry): Promise<string> {
    const token = createHash("sha256").update(canonical(entry)).digest("base64url").slice(0, 22);
    if (!this.cache.has(token)) {
      const key = callbackStateKey(token);
      if ((await this.state.get(key)) === undefined) await this.state.set(key, entry);
      this.remember(token, entry);
    }
    return PREFIX + token;
  }

  /** The entry behind a callback_data, or undefined when it is unknown (not ours, or state was lost). */
  async decode(data: string | undefined): Promise<CallbackEntry | undefined> {
    const token = parseCallbackData(data);
    if (token === null) return undefined;
    const cached = this.cache.get(token);
    if (cached) return cached;
    const stored = await this.state.get<CallbackEntry>(callbackStateKey(token));
    if (stored) this.remember(token, stored);
    return stored;
  }

  private remember(token: string, entry: CallbackEntry): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, entry);
  }
}

/** JSON with sorted keys, so equal entries hash equally whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
