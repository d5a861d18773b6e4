import { afterEach, describe, expect, it } from "vitest";
import type { ChatCommand, FormSpec, InboundEvent } from "../../../src/chat/types.js";
import { contractEnv } from "../../contract/chat-adapter.contract.js";
import { dialogueOf, GROUP_ID, lastPrompt, MEMBER, makeFake, press, type Setup, say, startSetup } from "./harness.js";

const ofType = <T extends InboundEvent["type"]>(events: InboundEvent[], t: T) =>
  events.filter((e): e is Extract<InboundEvent, { type: T }> => e.type === t);

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
        { value: "virus", label: "病毒" },
      ],
    },
    { id: "description", label: "描述", kind: "textarea", required: true, placeholder: "发生了什么" },
    { id: "evidence", label: "证据", kind: "text", required: false },
  ],
  context: { unit: "info-center" },
};

async function commandFrom(s: Setup, text: string): Promise<ChatCommand> {
  await say(s.fake, text);
  return ofType(s.events, "command").at(-1)!.command;
}

describe("Telegram adapter: guided dialogues", () => {
  let s: Setup;
  afterEach(async () => {
    await s?.close();
  });

  it("asks one question at a time and delivers the form with its values and context", async () => {
    s = await startSetup();
    const origin = await commandFrom(s, "/report");
    await s.adapter.openForm(origin, form);

    const q1 = s.fake.botMessages(GROUP_ID).at(-1)!;
    expect(q1.text).toBe("张三 报告安全事件 (1/3)\n类别");
    expect(q1.reply_to_message?.message_id).toBe(Number(origin.ref!.messageId));
    expect(q1.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(["黑客攻击", "病毒"]);

    await press(s.fake, s.env, GROUP_ID, q1.message_id, (e) => e.kind === "form" && e.value === "intrusion");
    expect(s.fake.findMessage(GROUP_ID, q1.message_id)).toMatchObject({
      text: "类别: 黑客攻击",
      reply_markup: { inline_keyboard: [] },
    });

    const q2 = lastPrompt(s.fake);
    expect(q2.text).toBe("张三 报告安全事件 (2/3)\n描述");
    expect(q2.reply_markup).toMatchObject({
      force_reply: true,
      selective: true,
      input_field_placeholder: "发生了什么",
    });
    await say(s.fake, "官网首页被篡改", { replyTo: q2.message_id });

    expect(lastPrompt(s.fake).text).toContain("证据(可选,回复 - 跳过)");
    await say(s.fake, "-", { replyTo: lastPrompt(s.fake).message_id });

    const [f] = ofType(s.events, "form");
    expect(f?.submission).toMatchObject({
      formId: "incident.report",
      values: { category: "intrusion", description: "官网首页被篡改", evidence: "" },
      context: { unit: "info-center" },
      channel: { id: String(GROUP_ID), kind: "group" },
      user: { id: String(MEMBER.id) },
    });
    expect(await dialogueOf(s.env)).toBeUndefined();
  });

  it("still shows a typed answer to moderation as a group message", async () => {
    s = await startSetup();
    await s.adapter.openForm(await commandFrom(s, "/report"), { ...form, fields: [form.fields[1]!] });
    await say(s.fake, "附上内网口令 P@ssw0rd", { replyTo: lastPrompt(s.fake).message_id });
    expect(ofType(s.events, "message").map((e) => e.message.text)).toEqual(["附上内网口令 P@ssw0rd"]);
    expect(ofType(s.events, "form")).toHaveLength(1);
  });

  it("accepts a select answer typed as the option's label", async () => {
    s = await startSetup();
    await s.adapter.openForm(await commandFrom(s, "/report"), { ...form, fields: [form.fields[0]!] });
    await say(s.fake, "病毒");
    expect(ofType(s.events, "form")[0]?.submission.values).toEqual({ category: "virus" });
  });

  it("does not take another member's press or a command as an answer", async () => {
    s = await startSetup();
    await s.adapter.openForm(await commandFrom(s, "/report"), form);
    const q1 = s.fake.botMessages(GROUP_ID).at(-1)!;
    const other = { id: 5151, is_bot: false, first_name: "李四" };
    const id = s.fake.userPresses(
      GROUP_ID,
      q1.message_id,
      other,
      q1.reply_markup!.inline_keyboard![0]![0]!.callback_data!,
    );
    await s.fake.waitConfirmed(id);
    expect(s.fake.callsOf("answerCallbackQuery").at(-1)).toMatchObject({ text: "该表单已结束或不属于您" });
    await say(s.fake, "/ack INC-1");
    expect(await dialogueOf(s.env)).toMatchObject({ kind: "form", index: 0, values: {} });
    expect(ofType(s.events, "command").map((e) => e.command.name)).toEqual(["report", "ack"]);
  });

  it("keeps a half-answered form across a restart", async () => {
    const fake = await makeFake();
    const env = contractEnv();
    s = await startSetup({ fake, env });
    await s.adapter.openForm(await commandFrom(s, "/report"), { ...form, fields: form.fields.slice(0, 2) });
    await press(
      fake,
      env,
      GROUP_ID,
      fake.botMessages(GROUP_ID).at(-1)!.message_id,
      (e) => e.kind === "form" && e.value === "virus",
    );
    await s.adapter.stop();
    s = await startSetup({ fake, env });
    await say(fake, "U 盘中毒", { replyTo: lastPrompt(fake).message_id });
    expect(ofType(s.events, "form")[0]?.submission.values).toEqual({ category: "virus", description: "U 盘中毒" });
  });

  it("asks for a button's input with a selective force_reply and delivers the press with the reply", async () => {
    s = await startSetup();
    const ref = await s.adapter.post(
      { platform: "telegram", id: String(GROUP_ID), kind: "group" },
      {
        text: "INC-9 报警义务",
        buttons: [
          [
            {
              actionId: "incident.done",
              label: "已报警",
              value: { incident: "INC-9" },
              input: { label: "请填写公安备案号", placeholder: "备案号" },
            },
          ],
        ],
      },
    );
    await press(s.fake, s.env, GROUP_ID, Number(ref.messageId), (e) => e.kind === "action");
    expect(ofType(s.events, "action")).toHaveLength(0);
    const prompt = lastPrompt(s.fake);
    expect(prompt.text).toBe("张三 请填写公安备案号");
    expect(prompt.reply_markup).toMatchObject({
      force_reply: true,
      selective: true,
      input_field_placeholder: "备案号",
    });

    await say(s.fake, "公安备案 2026-118", { replyTo: prompt.message_id });
    const [a] = ofType(s.events, "action");
    expect(a?.action).toMatchObject({
      actionId: "incident.done",
      value: { incident: "INC-9" },
      input: "公安备案 2026-118",
      message: ref,
      user: { id: String(MEMBER.id) },
    });
  });
});
