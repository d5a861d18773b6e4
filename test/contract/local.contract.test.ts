import { LocalAdapter } from "../../adapters/local/local-adapter.js";
import type { AdapterEnv } from "../../src/chat/adapter.js";
import { silentLogger } from "../../src/core/logger.js";
import { startHttpServer } from "../../src/http/server.js";
import { type ContractHarness, runChatAdapterContract } from "./chat-adapter.contract.js";

interface ViewMessage {
  id: string;
  senderId: string;
  text: string;
  private: boolean;
}

// The local web chat, driven over real HTTP as its page does.
runChatAdapterContract("local (web chat over HTTP)", async (): Promise<ContractHarness> => {
  const adapter = new LocalAdapter({
    roster: async () => ({ people: [{ id: "u1", name: "王五" }], groups: [{ id: "g1", name: "网络中心工作群" }] }),
  });
  let base = "";
  let close = async () => {};
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the page's API
  const call = async (path: string, body?: object): Promise<any> => {
    const res = await fetch(
      base + path,
      body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {},
    );
    const data = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(data.error);
    return data;
  };
  const messages = async (channel: string): Promise<ViewMessage[]> =>
    (await call(`/local/api/messages?person=u1&channel=${channel}`)).messages;
  return {
    adapter,
    group: { platform: "local", id: "g1", kind: "group" },
    member: { platform: "local", id: "u1" },
    async start(handler, env: AdapterEnv) {
      await adapter.start(handler, env);
      const server = await startHttpServer(env.http, { host: "127.0.0.1", port: 0, logger: silentLogger });
      base = server.url;
      close = server.close;
    },
    memberSays: async (text) => {
      await call("/local/api/say", { person: "u1", channel: "g1", text });
    },
    memberPresses: async (ref, actionId, input) => {
      await call("/local/api/press", {
        person: "u1",
        channel: ref.channelId,
        messageId: ref.messageId,
        actionId,
        input,
      });
    },
    memberSubmitsForm: async (values) => {
      await call("/local/api/form", { person: "u1", values });
    },
    lastForm: async () => {
      const { form } = await call("/local/api/forms?person=u1");
      return form ? { title: form.title, fieldIds: form.fields.map((f: { id: string }) => f.id) } : undefined;
    },
    groupTexts: async () => (await messages("g1")).map((m) => m.text),
    directTexts: async () => (await messages("dm")).map((m) => m.text),
    privateTexts: async () => (await messages("g1")).filter((m) => m.private).map((m) => m.text),
    isRestricted: async () => (await call("/local/api/messages?person=u1&channel=g1")).restricted,
    isRemoved: async () => !adapter.world.ensureChannel("g1").members.has("u1"),
    lastMemberMessage: async () => {
      const m = (await messages("g1")).findLast((x) => x.senderId === "u1");
      if (!m) throw new Error("no member message yet");
      return { platform: "local", channelId: "g1", messageId: m.id };
    },
    close: () => close(),
  };
});
