// An in-process chat platform: groups, members, messages, restrictions. The memory adapter is the
// bot's view of it; the local web chat and tests act as the people in it.
import { EventEmitter } from "node:events";
import type { Button, FormSpec, MessageRef } from "../../src/chat/types.js";

export interface WorldMessage {
  id: string;
  channelId: string;
  senderId: string;
  senderName: string;
  text: string;
  buttons: Button[][];
  at: Date;
  fromBot: boolean;
  /** Only this user sees it (ephemeral). */
  visibleTo?: string;
  replyTo?: string;
  hidden: boolean;
  edited: boolean;
  attachments: { name: string; mimeType?: string; size?: number }[];
}

export interface WorldForm {
  id: string;
  userId: string;
  channelId: string;
  spec: FormSpec;
}

export interface WorldChannel {
  id: string;
  title: string;
  kind: "group" | "direct";
  members: Set<string>;
  /** userId → restricted until (ms epoch). */
  restrictedUntil: Map<string, number>;
  banned: Set<string>;
}

export class ChatWorld extends EventEmitter {
  readonly channels = new Map<string, WorldChannel>();
  readonly messages: WorldMessage[] = [];
  readonly forms: WorldForm[] = [];
  private seq = 0;

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.seq}`;
  }

  ensureChannel(id: string, kind: "group" | "direct" = "group", title = id): WorldChannel {
    let ch = this.channels.get(id);
    if (!ch) {
      ch = { id, title, kind, members: new Set(), restrictedUntil: new Map(), banned: new Set() };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /** The direct channel between the bot and a user. */
  directChannelOf(userId: string): WorldChannel {
    return this.ensureChannel(`dm:${userId}`, "direct", userId);
  }

  addMessage(m: Omit<WorldMessage, "id" | "hidden" | "edited"> & { id?: string }): WorldMessage {
    const msg: WorldMessage = { hidden: false, edited: false, ...m, id: m.id ?? this.nextId("m") };
    this.messages.push(msg);
    this.emit("change", { type: "message", message: msg });
    return msg;
  }

  find(ref: MessageRef): WorldMessage | undefined {
    return this.messages.find((m) => m.id === ref.messageId && m.channelId === ref.channelId);
  }

  /** Messages a user can see in a channel, oldest first. */
  visible(channelId: string, viewerId?: string): WorldMessage[] {
    return this.messages.filter(
      (m) => m.channelId === channelId && !m.hidden && (m.visibleTo === undefined || m.visibleTo === viewerId),
    );
  }

  isRestricted(channelId: string, userId: string, now: number): boolean {
    const until = this.channels.get(channelId)?.restrictedUntil.get(userId);
    return until !== undefined && until > now;
  }

  changed(kind: string, data: unknown): void {
    this.emit("change", { type: kind, data });
  }
}
