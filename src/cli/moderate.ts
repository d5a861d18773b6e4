import { createInterface } from "node:readline";
import { isLocale, type Locale } from "../i18n/i18n.js";
import { actionLabel, categoryLabel, createModerationEngine, type ModerationEngine } from "../moderation/index.js";
import type { ModerationInput } from "../moderation/types.js";

/** Streams the CLI reads and writes (process streams in production, in-memory ones in tests). */
export interface ModerateIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: moderate [--lang zh-CN|en] [--policy-dir DIR] "text"
       moderate --jsonl [--policy-dir DIR] < lines of {"id":..., "text":...}`;

function write(stream: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(s)) resolve();
    else stream.once("drain", () => resolve());
  });
}

function inputFrom(obj: Record<string, unknown>): ModerationInput {
  const input: ModerationInput = { text: obj["text"] as string };
  if (Array.isArray(obj["attachments"])) input.attachments = obj["attachments"] as ModerationInput["attachments"];
  if (typeof obj["groupExternal"] === "boolean") input.groupExternal = obj["groupExternal"];
  if (typeof obj["senderName"] === "string") input.senderName = obj["senderName"];
  if (typeof obj["senderIsKnownPerson"] === "boolean") input.senderIsKnownPerson = obj["senderIsKnownPerson"];
  if (Array.isArray(obj["leaderNames"])) input.leaderNames = (obj["leaderNames"] as unknown[]).map(String);
  if (Array.isArray(obj["senderRoles"])) input.senderRoles = (obj["senderRoles"] as unknown[]).map(String);
  return input;
}

async function runJsonl(engine: ModerationEngine, io: ModerateIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    let id: unknown = lineNo;
    let out: Record<string, unknown>;
    try {
      const obj = JSON.parse(line) as unknown;
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new Error("line is not a JSON object");
      const rec = obj as Record<string, unknown>;
      if ("id" in rec) id = rec["id"];
      if (typeof rec["text"] !== "string") throw new Error('"text" must be a string');
      const v = engine.moderate(inputFrom(rec));
      out = { id, flagged: v.flagged, categories: v.categories, action: v.action, spans: v.spans };
    } catch (e) {
      out = { id, line: lineNo, error: { code: "watchkeeper_moderation_bad_input", message: (e as Error).message } };
    }
    await write(io.stdout, `${JSON.stringify(out)}\n`);
  }
  return 0;
}

function readable(engine: ModerationEngine, text: string, lang: Locale): string {
  const v = engine.moderate({ text });
  const zh = lang === "zh-CN";
  const lines: string[] = [];
  if (!v.flagged) {
    lines.push(zh ? "未发现违规内容。" : "Nothing prohibited found.");
  } else {
    lines.push(
      zh
        ? `发现违规：${v.categories.map((c) => categoryLabel(lang, c)).join("、")}`
        : `Prohibited: ${v.categories.map((c) => categoryLabel(lang, c)).join(", ")}`,
    );
    lines.push(`${zh ? "处理" : "Action"}: ${actionLabel(lang, v.action)}  (${v.action}, score ${v.score})`);
    for (const s of v.spans)
      lines.push(`  [${s.start}, ${s.end}) ${s.term} — ${categoryLabel(lang, s.category)} (${s.category})`);
    if (v.notifySenderToRotateCredential)
      lines.push(
        zh ? "请私下提醒发送者立即修改密码或密钥。" : "Tell the sender privately to change the password or key now.",
      );
    if (v.redactions.length) lines.push(`${zh ? "存档文本" : "Stored text"}: ${v.redactedText}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `watchkeeper moderate`: judges one text, or JSON lines on stdin (`--jsonl`); returns the exit code. */
export async function runModerate(argv: string[], io: ModerateIo): Promise<number> {
  let lang: Locale = "zh-CN";
  let jsonl = false;
  let policyDir: string | undefined;
  const texts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--jsonl") jsonl = true;
    else if (a === "--lang") {
      const l = argv[++i];
      if (!isLocale(l)) {
        await write(io.stderr, `moderate: --lang must be zh-CN or en\n${USAGE}\n`);
        return 2;
      }
      lang = l;
    } else if (a === "--policy-dir") policyDir = argv[++i];
    else if (a === "-h" || a === "--help") {
      await write(io.stdout, `${USAGE}\n`);
      return 0;
    } else texts.push(a);
  }
  if (!jsonl && texts.length === 0) {
    await write(io.stderr, `${USAGE}\n`);
    return 2;
  }
  let engine: ModerationEngine;
  try {
    engine = createModerationEngine(policyDir ? { policyDir } : {});
  } catch (e) {
    const err = e as { code?: string; message: string };
    await write(io.stderr, `moderate: ${err.code ?? "error"}: ${err.message}\n`);
    return 1;
  }
  if (jsonl) return runJsonl(engine, io);
  await write(io.stdout, readable(engine, texts.join(" "), lang));
  return 0;
}
