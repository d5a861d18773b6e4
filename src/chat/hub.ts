import type { Logger } from "../core/logger.js";
import type { Directory } from "../org/directory.js";
import type { ChatAdapter } from "./adapter.js";
import type { MessageRef, OutboundMessage } from "./types.js";

/** The running adapters, and delivery to org people and groups across every platform they use. */
export class ChatHub {
  private readonly adapters = new Map<string, ChatAdapter>();

  constructor(
    private readonly directory: Directory,
    private readonly logger: Logger,
  ) {}

  add(adapter: ChatAdapter): void {
    if (this.adapters.has(adapter.platform)) throw new Error(`two adapters for platform ${adapter.platform}`);
    this.adapters.set(adapter.platform, adapter);
  }

  get(platform: string): ChatAdapter | undefined {
    return this.adapters.get(platform);
  }

  all(): ChatAdapter[] {
    return [...this.adapters.values()];
  }

  /**
   * Direct-messages a person on every connected platform where they have an account. Returns the
   * messages sent; empty when none could be delivered (the caller decides what that means).
   */
  async notifyPerson(personId: string, message: OutboundMessage): Promise<MessageRef[]> {
    const sent: MessageRef[] = [];
    for (const user of await this.directory.identitiesOf(personId)) {
      const adapter = this.adapters.get(user.platform);
      if (!adapter?.capabilities.directMessages) continue;
      try {
        const ref = await adapter.directMessage(user, message);
        if (ref) sent.push(ref);
      } catch (e) {
        this.logger.warn(
          { err: (e as Error).message, platform: user.platform, person: personId },
          "direct message failed",
        );
      }
    }
    return sent;
  }

  /** Posts to every platform chat bound to an org group. */
  async postToGroup(groupId: string, message: OutboundMessage): Promise<MessageRef[]> {
    const sent: MessageRef[] = [];
    for (const channel of await this.directory.channelsOf(groupId)) {
      const adapter = this.adapters.get(channel.platform);
      if (!adapter) continue;
      try {
        sent.push(await adapter.post(channel, message));
      } catch (e) {
        this.logger.warn(
          { err: (e as Error).message, platform: channel.platform, group: groupId },
          "group post failed",
        );
      }
    }
    return sent;
  }

  /** Edits a message the bot sent, on whichever platform it lives. */
  async edit(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const adapter = this.adapters.get(ref.platform);
    if (adapter?.capabilities.editMessages) await adapter.edit(ref, message);
  }
}
