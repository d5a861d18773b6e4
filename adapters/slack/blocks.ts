// Block Kit rendering: the core's OutboundMessage and FormSpec as Slack blocks and modals, and the
// encodings (action_id, button value, private_metadata) that carry the core's data through Slack and back.
import type { Button, FormSpec, OutboundMessage } from "../../src/chat/types.js";
import { CodedError, ErrorCodes } from "../../src/core/errors.js";

/** callback_id of modals opened by openForm. */
export const formCallbackId = "wk.form";
/** callback_id of the one-field modal that asks for a button's input before the press is delivered. */
export const inputCallbackId = "wk.input";
/** block_id and action_id of that modal's only field. */
export const inputFieldId = "input";

// Slack's documented limits; beyond them Slack rejects the whole call.
const sectionTextLimit = 3000;
const buttonsPerActionsBlock = 25;
const buttonLabelLimit = 75;
const buttonValueLimit = 2000;
const modalTitleLimit = 24;
const privateMetadataLimit = 3000;

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON is passed to Slack as is
export type Block = Record<string, any>;

/** Escapes the three characters Slack's mrkdwn treats as control characters, so `<!channel>` stays text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Reverses escapeMrkdwn (what a Slack client shows). */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const plain = (text: string, limit = Number.POSITIVE_INFINITY) => ({ type: "plain_text", text: clip(text, limit) });

/** `${actionId}::${index}`: Slack wants action_ids unique within a message, the core's ids may repeat. */
export function encodeActionId(actionId: string, index: number): string {
  return `${actionId}::${index}`;
}

/** The core's actionId from a Slack action_id (ids not made by encodeActionId pass through). */
export function decodeActionId(slackActionId: string): string {
  const i = slackActionId.lastIndexOf("::");
  return i > 0 && /^\d+$/.test(slackActionId.slice(i + 2)) ? slackActionId.slice(0, i) : slackActionId;
}

/** What a button's Slack `value` carries: the core's value and, when it asks for text first, the prompt. */
export interface ButtonPayload {
  value: Record<string, string>;
  input?: { label: string; placeholder?: string };
}

export function encodeButtonValue(button: Button): string {
  const payload: { v: Record<string, string>; i?: Button["input"] } = { v: button.value };
  if (button.input) payload.i = button.input;
  const s = JSON.stringify(payload);
  if (s.length > buttonValueLimit) {
    throw new CodedError(
      ErrorCodes.chatRequestFailed,
      `button ${button.actionId}: value exceeds Slack's 2000 characters`,
    );
  }
  return s;
}

/** Decodes a button value made by encodeButtonValue; anything else becomes { value: "<raw>" }. */
export function decodeButtonValue(raw: string | undefined): ButtonPayload {
  if (raw === undefined || raw === "") return { value: {} };
  try {
    const p = JSON.parse(raw) as { v?: unknown; i?: { label?: unknown; placeholder?: unknown } };
    if (p && typeof p === "object" && p.v && typeof p.v === "object") {
      const value = Object.fromEntries(Object.entries(p.v).map(([k, v]) => [k, String(v)]));
      const input =
        p.i && typeof p.i.label === "string"
          ? { label: p.i.label, ...(typeof p.i.placeholder === "string" ? { placeholder: p.i.placeholder } : {}) }
          : undefined;
      return input ? { value, input } : { value };
    }
  } catch {
    // Not ours (e.g. a button from an older message format): hand the raw string to the core.
  }
  return { value: { value: raw } };
}

/** Section blocks for a text, split where Slack's 3000-character limit requires. */
function sections(text: string): Block[] {
  const escaped = escapeMrkdwn(text);
  const out: Block[] = [];
  for (let i = 0; i < escaped.length || out.length === 0; i += sectionTextLimit) {
    const part = escaped.slice(i, i + sectionTextLimit);
    out.push({ type: "section", text: { type: "mrkdwn", text: part === "" ? " " : part } });
  }
  return out;
}

/** Arguments shared by chat.postMessage, chat.postEphemeral and chat.update: fallback text plus blocks. */
export function messageBody(message: OutboundMessage): { text: string; blocks: Block[] } {
  const blocks = sections(message.text);
  let index = 0;
  for (const row of message.buttons ?? []) {
    for (let start = 0; start < row.length; start += buttonsPerActionsBlock) {
      const elements = row.slice(start, start + buttonsPerActionsBlock).map((b) => {
        const el: Block = {
          type: "button",
          action_id: encodeActionId(b.actionId, index++),
          text: plain(b.label, buttonLabelLimit),
          value: encodeButtonValue(b),
        };
        if (b.style) el.style = b.style;
        return el;
      });
      if (elements.length > 0) blocks.push({ type: "actions", elements });
    }
  }
  return { text: escapeMrkdwn(message.text), blocks };
}

function metadata(data: unknown): string {
  const s = JSON.stringify(data);
  if (s.length > privateMetadataLimit) {
    throw new CodedError(ErrorCodes.chatRequestFailed, "form context exceeds Slack's 3000-character private_metadata");
  }
  return s;
}

/** What a form modal carries in private_metadata, so its submission can be delivered with the core's context. */
export interface FormMetadata {
  formId: string;
  context: Record<string, string>;
  channelId: string;
}

/** What the input modal of a button carries, so the press can be delivered once the text is typed. */
export interface InputMetadata {
  actionId: string;
  value: Record<string, string>;
  channelId: string;
  messageTs?: string;
}

/** The Block Kit modal for a FormSpec: static_select for selects, plain_text_input for text fields. */
export function formView(form: FormSpec, channelId: string): Block {
  const blocks = form.fields.map((f) => {
    let element: Block;
    if (f.kind === "select") {
      const options = (f.options ?? []).map((o) => ({ text: plain(o.label, 75), value: o.value }));
      element = { type: "static_select", action_id: f.id, options };
      const initial = options.find((o) => o.value === f.initial);
      if (initial) element.initial_option = initial;
      if (f.placeholder) element.placeholder = plain(f.placeholder, 150);
    } else {
      element = { type: "plain_text_input", action_id: f.id, multiline: f.kind === "textarea" };
      if (f.initial !== undefined) element.initial_value = f.initial;
      if (f.placeholder) element.placeholder = plain(f.placeholder, 150);
    }
    return { type: "input", block_id: f.id, label: plain(f.label, 2000), optional: f.required !== true, element };
  });
  const meta: FormMetadata = { formId: form.formId, context: form.context, channelId };
  return {
    type: "modal",
    callback_id: formCallbackId,
    title: plain(form.title, modalTitleLimit),
    submit: plain(form.submitLabel, modalTitleLimit),
    private_metadata: metadata(meta),
    blocks,
  };
}

/** The one-field modal shown when a button asks for text before its press counts. */
export function inputView(label: string, prompt: { label: string; placeholder?: string }, meta: InputMetadata): Block {
  const element: Block = { type: "plain_text_input", action_id: inputFieldId };
  if (prompt.placeholder) element.placeholder = plain(prompt.placeholder, 150);
  return {
    type: "modal",
    callback_id: inputCallbackId,
    title: plain(label, modalTitleLimit),
    submit: plain(label, modalTitleLimit),
    private_metadata: metadata(meta),
    blocks: [{ type: "input", block_id: inputFieldId, label: plain(prompt.label, 2000), element }],
  };
}

/** Reads the typed values of a submitted modal: { field id → text or selected option value }. */
export function viewValues(state: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const values = (state as { values?: Record<string, Record<string, Block>> } | undefined)?.values ?? {};
  for (const [blockId, actions] of Object.entries(values)) {
    for (const el of Object.values(actions)) {
      const v = el.selected_option?.value ?? el.value;
      if (typeof v === "string") out[blockId] = v;
    }
  }
  return out;
}

/** Parses private_metadata written by formView or inputView; undefined when it is not ours. */
export function parseMetadata<T>(raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
