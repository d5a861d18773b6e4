import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { type ContractHarness, runChatAdapterContract } from "./chat-adapter.contract.js";

runChatAdapterContract("memory", async (): Promise<ContractHarness> => {
  const adapter = new MemoryAdapter();
  const group = { platform: "memory", id: "g1", kind: "group" as const };
  const member = { platform: "memory", id: "u1" };
  const w = adapter.world;
  w.ensureChannel("g1").members.add("u1");
  return {
    adapter,
    group,
    member,
    start: (handler, env) => adapter.start(handler, env),
    memberSays: async (text) => {
      await adapter.asUserSay("u1", "g1", text);
    },
    memberPresses: (ref, actionId, input) => adapter.asUserPress("u1", ref, actionId, input),
    memberSubmitsForm: (values) => adapter.asUserSubmitForm("u1", values),
    lastForm: async () => {
      const f = w.forms.findLast((x) => x.userId === "u1");
      return f && { title: f.spec.title, fieldIds: f.spec.fields.map((x) => x.id) };
    },
    groupTexts: async () => w.visible("g1", "u1").map((m) => m.text),
    directTexts: async () => w.visible("dm:u1", "u1").map((m) => m.text),
    privateTexts: async () =>
      w
        .visible("g1", "u1")
        .filter((m) => m.visibleTo === "u1")
        .map((m) => m.text),
    isRestricted: async () => w.isRestricted("g1", "u1", Date.now()),
    isRemoved: async () => !w.ensureChannel("g1").members.has("u1"),
    lastMemberMessage: async () => {
      const m = w.messages.findLast((x) => x.senderId === "u1" && x.channelId === "g1");
      if (!m) throw new Error("no member message yet");
      return { platform: "memory", channelId: "g1", messageId: m.id };
    },
    close: async () => {},
  };
});
