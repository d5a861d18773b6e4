// Plays Telegram's side for the adapter: a fake Bot API server plus helpers that act as a group member.

import {
  type CallbackEntry,
  callbackStateKey,
  type DialogueState,
  dialogueKey,
  parseCallbackData,
  TelegramAdapter,
  type TelegramAdapterConfigInput,
  type TelegramAdapterOptions,
} from "../../../adapters/telegram/index.js";
import type { AdapterEnv } from "../../../src/chat/adapter.js";
import type { InboundEvent, MessageRef } from "../../../src/chat/types.js";
import { type ContractHarness, contractEnv } from "../../contract/chat-adapter.contract.js";
import { FakeBotApi, type FakeMessage, type FakeUser } from "./fake-bot-api.js";

export const GROUP_ID = -1001234567890;
export const MEMBER: FakeUser = { id: 4242, is_bot: false, first_name: "张三" };

export interface Setup {
  fake: FakeBotApi;
  adapter: TelegramAdapter;
  env: AdapterEnv;
  events: InboundEvent[];
  /** Stops the adapter and the fake server. */
  close(): Promise<void>;
}

/** A fake server with a group that has MEMBER in it, and an adapter pointed at it (not started). */
export async function makeFake(options: { privacy?: boolean } = {}): Promise<FakeBotApi> {
  const fake = new FakeBotApi(undefined, { privacy: options.privacy });
  await fake.start();
  fake.chat(GROUP_ID, "supergroup", "网络安全工作群").members.add(MEMBER.id);
  return fake;
}

export function makeAdapter(
  fake: FakeBotApi,
  config: Partial<TelegramAdapterConfigInput> = {},
  options: TelegramAdapterOptions = {},
): TelegramAdapter {
  return new TelegramAdapter({ botToken: fake.token, apiUrl: fake.url, pollTimeoutSeconds: 1, ...config }, options);
}

/** Fake server + started adapter (polling unless config says otherwise), collecting events. */
export async function startSetup(
  options: {
    config?: Partial<TelegramAdapterConfigInput>;
    adapter?: TelegramAdapterOptions;
    env?: AdapterEnv;
    privacy?: boolean;
    fake?: FakeBotApi;
  } = {},
): Promise<Setup> {
  const fake = options.fake ?? (await makeFake({ privacy: options.privacy }));
  const adapter = makeAdapter(fake, options.config, options.adapter);
  const env = options.env ?? contractEnv();
  const events: InboundEvent[] = [];
  await adapter.start(async (e) => {
    events.push(e);
  }, env);
  return {
    fake,
    adapter,
    env,
    events,
    close: async () => {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** What the callback_data of an inline button stands for, read from the adapter's durable state. */
export async function entryOf(env: AdapterEnv, data: string | undefined): Promise<CallbackEntry | undefined> {
  const token = parseCallbackData(data);
  return token === null ? undefined : env.state.get<CallbackEntry>(callbackStateKey(token));
}

/** The member's open dialogue in the group, as the adapter keeps it. */
export async function dialogueOf(env: AdapterEnv): Promise<DialogueState | undefined> {
  return (await env.state.get<DialogueState | null>(dialogueKey(String(GROUP_ID), String(MEMBER.id)))) ?? undefined;
}

/** The last bot message in the group that asks the member to reply (force_reply). */
export function lastPrompt(fake: FakeBotApi): FakeMessage {
  const p = fake.botMessages(GROUP_ID).findLast((m) => m.reply_markup?.force_reply);
  if (!p) throw new Error("no prompt in the group");
  return p;
}

/** The member presses the button that stands for `match` on a message and waits until it is handled. */
export async function press(
  fake: FakeBotApi,
  env: AdapterEnv,
  chatId: number,
  messageId: number,
  match: (e: CallbackEntry) => boolean,
): Promise<void> {
  const msg = fake.findMessage(chatId, messageId);
  for (const b of msg?.reply_markup?.inline_keyboard?.flat() ?? []) {
    const entry = await entryOf(env, b.callback_data);
    if (entry && match(entry)) {
      await fake.waitConfirmed(fake.userPresses(chatId, messageId, MEMBER, b.callback_data!));
      return;
    }
  }
  throw new Error(`no matching button on message ${messageId}`);
}

/** The member writes in the group and the adapter has handled it. */
export async function say(
  fake: FakeBotApi,
  text: string | undefined,
  extra: Parameters<FakeBotApi["userSays"]>[3] = {},
) {
  const r = fake.userSays(GROUP_ID, MEMBER, text, extra);
  await fake.waitConfirmed(r.updateId);
  return r;
}

function textsMentioning(messages: FakeMessage[], userId: number): string[] {
  const out: string[] = [];
  for (const m of messages) {
    const e = (
      m.entities as { type: string; offset: number; length: number; user?: { id: number } }[] | undefined
    )?.find((x) => x.type === "text_mention" && x.user?.id === userId);
    if (e && m.text) out.push(m.text.slice(e.offset + e.length).trim());
  }
  return out;
}

/** The contract harness: polling mode against the fake server. */
export async function telegramContractHarness(): Promise<ContractHarness> {
  const fake = await makeFake();
  const adapter = makeAdapter(fake);
  let env: AdapterEnv | undefined;
  const group = { platform: "telegram", id: String(GROUP_ID), kind: "group" as const };
  const member = { platform: "telegram", id: String(MEMBER.id), displayName: MEMBER.first_name };
  return {
    adapter,
    group,
    member,
    start: async (handler, e) => {
      env = e;
      await adapter.start(handler, e);
    },
    memberSays: async (text) => {
      await say(fake, text);
    },
    memberPresses: async (ref: MessageRef, actionId, input) => {
      await press(fake, env!, GROUP_ID, Number(ref.messageId), (e) => e.kind === "action" && e.actionId === actionId);
      if (input !== undefined) await say(fake, input, { replyTo: lastPrompt(fake).message_id });
    },
    memberSubmitsForm: async (values) => {
      // Answers the guided dialogue one question at a time, as a member would.
      for (let i = 0; i < 50; i++) {
        const d = await dialogueOf(env!);
        if (d?.kind !== "form") return;
        const field = d.spec.fields[d.index]!;
        const want = values[field.id] ?? "-";
        if (field.kind === "select") {
          await press(fake, env!, GROUP_ID, d.promptMessageId!, (e) => e.kind === "form" && e.value === want);
        } else {
          await say(fake, want, { replyTo: d.promptMessageId });
        }
      }
      throw new Error("the dialogue did not finish");
    },
    lastForm: async () => {
      const d = await dialogueOf(env!);
      return d?.kind === "form" ? { title: d.spec.title, fieldIds: d.spec.fields.map((f) => f.id) } : undefined;
    },
    groupTexts: async () => fake.visible(GROUP_ID).map((m) => m.text ?? ""),
    directTexts: async () => fake.visible(MEMBER.id).map((m) => m.text ?? ""),
    privateTexts: async () => [
      ...fake.visible(MEMBER.id).map((m) => m.text ?? ""),
      ...textsMentioning(fake.botMessages(GROUP_ID), MEMBER.id),
    ],
    isRestricted: async () => fake.isRestricted(GROUP_ID, MEMBER.id),
    isRemoved: async () => !fake.chat(GROUP_ID).members.has(MEMBER.id),
    lastMemberMessage: async () => {
      const m = fake.visible(GROUP_ID).findLast((x) => x.from?.id === MEMBER.id);
      if (!m) throw new Error("no member message yet");
      return { platform: "telegram", channelId: String(GROUP_ID), messageId: String(m.message_id) };
    },
    close: () => fake.close(),
  };
}
