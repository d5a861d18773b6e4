import { describe, expect, it } from "vitest";
import {
  decodeActionId,
  decodeButtonValue,
  encodeActionId,
  encodeButtonValue,
  inputView,
  messageBody,
  viewValues,
} from "../../../adapters/slack/blocks.js";

describe("Slack Block Kit encoding", () => {
  it("round-trips action ids, including ids that contain the separator", () => {
    expect(decodeActionId(encodeActionId("incident.ack", 3))).toBe("incident.ack");
    expect(decodeActionId(encodeActionId("a::b", 0))).toBe("a::b");
    expect(decodeActionId("someone-elses-button")).toBe("someone-elses-button");
  });

  it("round-trips a button's value and its input prompt", () => {
    const button = { actionId: "duty.done", label: "已完成", value: { duty: "d1" }, input: { label: "证明" } };
    expect(decodeButtonValue(encodeButtonValue(button))).toEqual({ value: { duty: "d1" }, input: { label: "证明" } });
    expect(decodeButtonValue("plain")).toEqual({ value: { value: "plain" } });
  });

  it("refuses a button value beyond Slack's 2000 characters instead of letting Slack reject the message", () => {
    const button = { actionId: "x", label: "x", value: { big: "好".repeat(2100) } };
    expect(() => encodeButtonValue(button)).toThrow(
      expect.objectContaining({ code: "watchkeeper_chat_request_failed" }),
    );
  });

  it("splits long text into sections of at most 3000 characters and rows into actions blocks", () => {
    const body = messageBody({
      text: "长".repeat(6500),
      buttons: [[{ actionId: "a", label: "A", value: {} }], [{ actionId: "b", label: "B", value: {} }]],
    });
    const types = body.blocks.map((b) => b.type);
    expect(types).toEqual(["section", "section", "section", "actions", "actions"]);
    expect(body.blocks.every((b) => b.type !== "section" || b.text.text.length <= 3000)).toBe(true);
  });

  it("reads select and text values from a submitted view's state", () => {
    const state = {
      values: {
        category: { category: { type: "static_select", selected_option: { value: "intrusion" } } },
        description: { description: { type: "plain_text_input", value: "官网被篡改" } },
        empty: { empty: { type: "plain_text_input", value: null } },
      },
    };
    expect(viewValues(state)).toEqual({ category: "intrusion", description: "官网被篡改" });
  });

  it("keeps modal titles within Slack's 24 characters", () => {
    const view = inputView(
      "一个非常非常非常非常非常非常非常非常长的按钮标题",
      { label: "证明" },
      { actionId: "a", value: {}, channelId: "C1" },
    );
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });
});
