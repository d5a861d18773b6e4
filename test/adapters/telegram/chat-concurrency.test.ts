import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../../src/chat/types.js";
import { contractEnv, eventually } from "../../contract/chat-adapter.contract.js";
import { GROUP_ID, MEMBER, makeAdapter, makeFake } from "./harness.js";

describe("update processing across chats", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it("does not hold one chat's updates behind another chat's slow update, and keeps each chat in order", async () => {
    const fake = await makeFake();
    const other = -1009999999999;
    fake.chat(other, "supergroup", "另一个群").members.add(MEMBER.id);
    const adapter = makeAdapter(fake);
    cleanup.push(() => fake.close());
    let release!: () => void;
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    const seen: string[] = [];
    await adapter.start(async (e: InboundEvent) => {
      if (e.type !== "message") return;
      seen.push(e.message.text);
      if (e.message.text === "slow") await blocked; // e.g. the bot's own posts paced into this group
    }, contractEnv());
    cleanup.push(() => adapter.stop());
    fake.userSays(GROUP_ID, MEMBER, "slow");
    fake.userSays(GROUP_ID, MEMBER, "after slow, same group");
    fake.userSays(other, MEMBER, "other group");
    await eventually(() => expect(seen).toEqual(["slow", "other group"]));
    release();
    await eventually(() => expect(seen).toEqual(["slow", "other group", "after slow, same group"]));
  });
});
