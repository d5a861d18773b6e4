// Slack has no mute and no channel ban. The adapter keeps them itself: who is muted where until when,
// and who was removed with `ban`, persisted in the app's adapter state so a restart does not lift them.
import type { AdapterEnv } from "../../src/chat/adapter.js";

const stateKey = "slack:restrictions";

interface Stored {
  mutes: Record<string, number>;
  bans: string[];
}

const keyOf = (channelId: string, userId: string) => `${channelId}/${userId}`;

/** Bot-side mutes and bans, per channel and member. */
export class Restrictions {
  private mutes = new Map<string, number>();
  private bans = new Set<string>();
  private state: AdapterEnv["state"] | undefined;

  /** Loads what an earlier run stored. */
  async load(state: AdapterEnv["state"]): Promise<void> {
    this.state = state;
    const stored = await state.get<Stored>(stateKey);
    this.mutes = new Map(Object.entries(stored?.mutes ?? {}));
    this.bans = new Set(stored?.bans ?? []);
  }

  isMuted(channelId: string, userId: string, now: Date): boolean {
    const until = this.mutes.get(keyOf(channelId, userId));
    return until !== undefined && until > now.getTime();
  }

  async mute(channelId: string, userId: string, until: Date, now: Date): Promise<void> {
    this.mutes.set(keyOf(channelId, userId), until.getTime());
    // Expired mutes are dropped on write, so the stored map stays small.
    for (const [k, t] of this.mutes) if (t <= now.getTime()) this.mutes.delete(k);
    await this.save();
  }

  async unmute(channelId: string, userId: string): Promise<void> {
    if (this.mutes.delete(keyOf(channelId, userId))) await this.save();
  }

  isBanned(channelId: string, userId: string): boolean {
    return this.bans.has(keyOf(channelId, userId));
  }

  async ban(channelId: string, userId: string): Promise<void> {
    this.bans.add(keyOf(channelId, userId));
    await this.save();
  }

  async unban(channelId: string, userId: string): Promise<void> {
    if (this.bans.delete(keyOf(channelId, userId))) await this.save();
  }

  private async save(): Promise<void> {
    await this.state?.set(stateKey, { mutes: Object.fromEntries(this.mutes), bans: [...this.bans] } satisfies Stored);
  }
}
