// The shared contract every ChatAdapter passes. Each adapter's test file supplies a harness that
// plays the platform's far side (an in-memory world, the local web chat over HTTP, a fake Slack Web
// API, a fake Telegram Bot API) and calls runChatAdapterContract.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdapterEnv, ChatAdapter } from "../../src/chat/adapter.js";
import type { ChannelRef, FormSpec, InboundEvent, MessageRef, UserRef } from "../../src/chat/types.js";
import { FakeClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { HttpRouter } from "../../src/http/router.js";

/** What a platform's far side looks like to the contract. */
export interface ContractHarness {
  adapter: ChatAdapter;
  /** A group the bot is in, with `member` in it. */
  group: ChannelRef;
  member: UserRef;
  /** Starts the adapter with this handler and env (the harness may also start servers). */
  start(handler: (e: InboundEvent) => Promise<void>, env: AdapterEnv): Promise<void>;
  /** The member types a message in the group; resolves once the adapter has delivered it (or timed out). */
  memberSays(text: string): Promise<void>;
  /** The member presses a button on a bot message. */
  memberPresses(message: MessageRef, actionId: string, input?: string): Promise<void>;
  /** The member fills in and submits the form last shown to them. */
  memberSubmitsForm(values: Record<string, string>): Promise<void>;
  /** The last form the platform showed the member. */
  lastForm(): Promise<{ title: string; fieldIds: string[] } | undefined>;
  /** Texts the member can see in the group, oldest first (bot's and others'). */
  groupTexts(): Promise<string[]>;
  /** Texts of the bot's direct messages to the member. */
  directTexts(): Promise<string[]>;
  /** Texts only the member saw in the group (ephemeral), or their DM fallback. */
  privateTexts(): Promise<string[]>;
  isRestricted(): Promise<boolean>;
  isRemoved(): Promise<boolean>;
  /** The id of the member's last message in the group, for hiding. */
  lastMemberMessage(): Promise<MessageRef>;
  close(): Promise<void>;
}

export function contractEnv(router = new HttpRouter()): AdapterEnv {
  const seen = new Set<string>();
  const state = new Map<string, unknown>();
  return {
    http: router,
    logger: silentLogger,
    clock: new FakeClock("2026-03-02T01:00:00Z"),
    commands: [
      { name: "report", description: "报告安全事件" },
      { name: "ack", description: "确认" },
    ],
    firstTime: async (key) => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
    state: {
      get: async <T>(key: string) => state.get(key) as T | undefined,
      set: async (key, value) => {
        state.set(key, value);
      },
    },
  };
}

/** Polls until `check` passes (for adapters whose delivery is asynchronous over HTTP). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      lastError = e;
      if (Date.now() - start > timeoutMs) throw lastError;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function runChatAdapterContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`ChatAdapter contract: ${name}`, () => {
    let h: ContractHarness;
    let events: InboundEvent[];

    beforeEach(async () => {
      h = await makeHarness();
      events = [];
      await h.start(async (e) => {
        events.push(e);
      }, contractEnv());
    });

    afterEach(async () => {
      await h.adapter.stop();
      await h.close();
    });

    const ofType = <T extends InboundEvent["type"]>(t: T) =>
      events.filter((e): e is Extract<InboundEvent, { type: T }> => e.type === t);

    it("reports itself healthy once started", () => {
      expect(h.adapter.health().ok).toBe(true);
      expect(h.adapter.platform).toBeTruthy();
    });

    it("delivers a member's group message with its text, sender, channel and time", async () => {
      await h.memberSays("今天机房巡检完成");
      const [m] = await eventually(() => {
        const got = ofType("message");
        expect(got).toHaveLength(1);
        return got;
      });
      expect(m!.message.text).toBe("今天机房巡检完成");
      expect(m!.message.sender.id).toBe(h.member.id);
      expect(m!.message.channel.id).toBe(h.group.id);
      expect(m!.message.channel.kind).toBe("group");
      expect(m!.message.ref.platform).toBe(h.adapter.platform);
      expect(m!.message.sentAt).toBeInstanceOf(Date);
    });

    it("delivers a slash command with its lower-case name and its arguments", async () => {
      await h.memberSays("/report intrusion major 官网被篡改");
      const [c] = await eventually(() => {
        const got = ofType("command");
        expect(got).toHaveLength(1);
        return got;
      });
      expect(c!.command.name).toBe("report");
      expect(c!.command.args).toBe("intrusion major 官网被篡改");
      expect(c!.command.sender.id).toBe(h.member.id);
      expect(ofType("message")).toHaveLength(0);
    });

    it("posts to the group and returns a reference to the posted message", async () => {
      const ref = await h.adapter.post(h.group, { text: "值班提醒:请完成周一机房检查" });
      expect(ref.platform).toBe(h.adapter.platform);
      expect(ref.channelId).toBe(h.group.id);
      expect(await h.groupTexts()).toContain("值班提醒:请完成周一机房检查");
    });

    it("delivers a button press with the button's action id, value and typed input", async () => {
      const ref = await h.adapter.post(h.group, {
        text: "INC-2026-0001 需要确认",
        buttons: [
          [
            { actionId: "incident.ack", label: "确认", value: { incident: "INC-2026-0001" } },
            {
              actionId: "incident.done",
              label: "已完成",
              value: { incident: "INC-2026-0001", duty: "police_report" },
              input: { label: "证明" },
            },
          ],
        ],
      });
      await h.memberPresses(ref, "incident.ack");
      await h.memberPresses(ref, "incident.done", "公安备案 2026-118");
      const actions = await eventually(() => {
        const got = ofType("action");
        expect(got).toHaveLength(2);
        return got;
      });
      expect(actions[0]!.action.actionId).toBe("incident.ack");
      expect(actions[0]!.action.value).toEqual({ incident: "INC-2026-0001" });
      expect(actions[0]!.action.user.id).toBe(h.member.id);
      expect(actions[0]!.action.message?.messageId).toBe(ref.messageId);
      expect(actions[1]!.action.value).toEqual({ incident: "INC-2026-0001", duty: "police_report" });
      expect(actions[1]!.action.input).toBe("公安备案 2026-118");
    });

    it("edits a message it sent", async () => {
      const ref = await h.adapter.post(h.group, { text: "待确认" });
      await h.adapter.edit(ref, { text: "已由 李四 确认" });
      const texts = await h.groupTexts();
      expect(texts).toContain("已由 李四 确认");
      expect(texts).not.toContain("待确认");
    });

    it("writes to a member directly, or says it cannot", async () => {
      const r = await h.adapter.directMessage(h.member, { text: "您有一项待确认的事件" });
      if (h.adapter.capabilities.directMessages && r !== null) {
        expect(await h.directTexts()).toContain("您有一项待确认的事件");
      } else {
        expect(r).toBeNull();
      }
    });

    it("shows a private notice to one member", async () => {
      await h.adapter.ephemeral(h.group, h.member, { text: "您的消息因含有违规内容已被隐藏" });
      expect(await h.privateTexts()).toContain("您的消息因含有违规内容已被隐藏");
    });

    it("hides a member's message when it can, and says so honestly when it cannot", async () => {
      await h.memberSays("违规内容示例");
      const ref = await eventually(() => h.lastMemberMessage());
      const outcome = await h.adapter.hide(ref);
      if (h.adapter.capabilities.deleteMessages) {
        expect(outcome).toBe("deleted");
        expect(await h.groupTexts()).not.toContain("违规内容示例");
      } else {
        expect(outcome).toBe("unsupported");
      }
    });

    it("restricts a member until a time and lifts it", async () => {
      if (!h.adapter.capabilities.restrictMembers) {
        await expect(h.adapter.restrict(h.group, h.member, new Date(Date.now() + 3600e3))).rejects.toMatchObject({
          code: "watchkeeper_chat_unsupported",
        });
        return;
      }
      await h.adapter.restrict(h.group, h.member, new Date(Date.now() + 3600e3));
      expect(await h.isRestricted()).toBe(true);
      await h.adapter.unrestrict(h.group, h.member);
      expect(await h.isRestricted()).toBe(false);
    });

    it("removes a member from the group", async () => {
      if (!h.adapter.capabilities.removeMembers) return;
      await h.adapter.remove(h.group, h.member, { ban: false });
      expect(await h.isRemoved()).toBe(true);
    });

    it("opens a form for a command and delivers its submission with the context", async () => {
      await h.memberSays("/report");
      const [c] = await eventually(() => {
        const got = ofType("command");
        expect(got).toHaveLength(1);
        return got;
      });
      const form: FormSpec = {
        formId: "incident.report",
        title: "报告安全事件",
        submitLabel: "提交",
        fields: [
          {
            id: "category",
            label: "类别",
            kind: "select",
            required: true,
            options: [
              { value: "intrusion", label: "黑客攻击" },
              { value: "other", label: "其他" },
            ],
          },
          { id: "description", label: "描述", kind: "textarea", required: true },
        ],
        context: { group: h.group.id },
      };
      await h.adapter.openForm(c!.command, form);
      const shown = await eventually(async () => {
        const f = await h.lastForm();
        expect(f).toBeDefined();
        return f!;
      });
      expect(shown.title).toBe("报告安全事件");
      await h.memberSubmitsForm({ category: "intrusion", description: "官网首页被篡改" });
      const [s] = await eventually(() => {
        const got = ofType("form");
        expect(got).toHaveLength(1);
        return got;
      });
      expect(s!.submission.formId).toBe("incident.report");
      expect(s!.submission.values).toMatchObject({ category: "intrusion", description: "官网首页被篡改" });
      expect(s!.submission.context).toEqual({ group: h.group.id });
      expect(s!.submission.user.id).toBe(h.member.id);
    });

    it("stops cleanly", async () => {
      await h.adapter.stop();
      expect(h.adapter.health().ok).toBe(false);
    });
  });
}
