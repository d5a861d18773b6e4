// Telegram end to end with incidents: /report through the guided dialogue opens an incident, and the
// acknowledge button on the escalation message acknowledges it — the app polling a fake Bot API.
import { afterEach, describe, expect, it } from "vitest";
import {
  type CallbackEntry,
  callbackStateKey,
  type DialogueState,
  dialogueKey,
  parseCallbackData,
} from "../../adapters/telegram/index.js";
import type { App } from "../../src/app/app.js";
import { coreCommands } from "../../src/bot/core-commands.js";
import { incidentsFeature } from "../../src/incidents/feature.js";
import { FakeBotApi } from "../adapters/telegram/fake-bot-api.js";
import { eventually } from "../contract/chat-adapter.contract.js";
import { appFromEnv } from "../support/app-from-env.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const group = -1001234567890; // it-centre-group
const wangWu = { id: 123456793, is_bot: false, first_name: "王五" };

/** The adapter's durable state, as stored in the app's database. */
async function state<T>(app: App, key: string): Promise<T | undefined> {
  const row = await app.context.db.prisma.adapterState.findUnique({
    where: { platform_key: { platform: "telegram", key } },
  });
  return (row?.value as T | null) ?? undefined;
}

async function pressWhere(
  app: App,
  fake: FakeBotApi,
  chatId: number,
  messageId: number,
  match: (e: CallbackEntry) => boolean,
) {
  const msg = fake.findMessage(chatId, messageId);
  for (const b of msg?.reply_markup?.inline_keyboard?.flat() ?? []) {
    const token = parseCallbackData(b.callback_data);
    const entry = token === null ? undefined : await state<CallbackEntry>(app, callbackStateKey(token));
    if (entry && match(entry)) {
      await fake.waitConfirmed(fake.userPresses(chatId, messageId, wangWu, b.callback_data!), 15_000);
      return;
    }
  }
  throw new Error(`no matching button on message ${messageId}`);
}

describe("Telegram with incidents", () => {
  it("reports through the guided dialogue and acknowledges from the escalation's button", async () => {
    const fake = new FakeBotApi();
    await fake.start();
    cleanup.push(() => fake.close());
    fake.chat(group, "supergroup", "网络中心工作群");
    const app = await appFromEnv(
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_URL: fake.url },
      [coreCommands, incidentsFeature],
      cleanup,
    );

    await fake.waitConfirmed(fake.userSays(group, wangWu, "/report@WatchkeeperBot").updateId, 15_000);
    const answers: Record<string, string> = {
      category: "intrusion",
      severity: "major",
      description: "官网首页被篡改",
      affected_system: "官网",
      unit: "it-centre",
    };
    for (let i = 0; i < 20; i++) {
      const d = await state<DialogueState>(app, dialogueKey(String(group), String(wangWu.id)));
      if (d?.kind !== "form") break;
      const field = d.spec.fields[d.index]!;
      const want = answers[field.id];
      if (field.kind === "select") {
        await pressWhere(
          app,
          fake,
          group,
          d.promptMessageId!,
          (e) => e.kind === "form" && e.value === (want ?? field.options?.[0]?.value),
        );
      } else {
        const r = fake.userSays(group, wangWu, want ?? "-", { replyTo: d.promptMessageId });
        await fake.waitConfirmed(r.updateId, 15_000);
      }
    }
    const incident = await eventually(() => app.context.db.prisma.incident.findFirstOrThrow(), 15_000);
    expect(incident).toMatchObject({
      category: "intrusion",
      severity: "major",
      unitId: "it-centre",
      reporterPersonId: "wang.wu",
      description: "官网首页被篡改",
    });

    // The acknowledgement request in the group carries inline buttons; wang.wu presses "acknowledge".
    const request = await eventually(() => {
      const m = fake
        .botMessages(group)
        .find((x) => x.text?.includes(incident.number) && x.reply_markup?.inline_keyboard);
      if (!m) throw new Error("no request with buttons yet");
      return m;
    }, 15_000);
    await pressWhere(app, fake, group, request.message_id, (e) => e.kind === "action" && e.actionId === "incident.ack");
    await eventually(
      async () => expect((await app.context.db.prisma.incident.findFirstOrThrow()).acknowledgedBy).toBe("wang.wu"),
      15_000,
    );
    expect(fake.callsOf("answerCallbackQuery").length).toBeGreaterThan(0);
    await eventually(
      () => expect(fake.callsOf("editMessageText").some((c) => String(c.text).includes("王五"))).toBe(true),
      15_000,
    );
  });
});
