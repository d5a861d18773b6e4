import { describe, expect, it } from "vitest";
import { charTables } from "../../src/moderation/char-table.js";
import { createNormalisedText, normalise, normalisedString } from "../../src/moderation/normaliser.js";
import { engine } from "./helpers.js";

const norm = (s: string) => normalisedString(normalise(s, charTables(), createNormalisedText()));

describe("normaliser", () => {
  it.each([
    ["symbols inside a word", "赌@博", "赌博"],
    ["zero-width characters", "赌\u200b博\u200d", "赌博"],
    ["line breaks and spaces", "赌\n 博", "赌博"],
    ["emoji between characters", "赌🎲博", "赌博"],
    ["traditional characters", "賭博網站", "赌博网站"],
    ["full-width latin and case", "ＤＵＢＯ Casino", "dubocasino"],
    ["circled and full-width numbers", "①⑩１２", "11012"],
    ["repeated characters", "赌赌赌博博", "赌博"],
    ["Cyrillic look-alike letters", "раssword", "pasword"],
  ])("removes %s", (_name, input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it("keeps repeated digits, which carry phone and ID numbers", () => {
    expect(norm("13800001111")).toBe("13800001111");
  });

  it("maps every normalised character back to its place in the original", () => {
    const text = "前面 賭@@博 后面";
    const t = normalise(text, charTables(), createNormalisedText());
    const i = normalisedString(t).indexOf("赌博");
    expect(text.slice(t.start[i]!, t.end[i + 1]!)).toBe("賭@@博");
  });
});

describe("evasion tricks reach the lexicon term", () => {
  it.each([
    ["pinyin", "有人玩dubo吗 充值"],
    ["spaced pinyin", "d u b o 平台"],
    ["homophone", "堵博网站"],
    ["traditional", "賭博網站"],
    ["full-width pinyin", "ｄｕｂｏ平台"],
    ["zero-width", "赌\u200b博"],
  ])("finds 赌博 written as %s", (_trick, text) => {
    const v = engine().moderate({ text });
    expect(v.categories).toContain("gambling");
    expect(v.spans.some((s) => s.term === "赌博")).toBe(true);
  });

  it("accepts initials (db) only beside a betting cue, never alone", () => {
    expect(engine().moderate({ text: "db 平台充值返水" }).categories).toContain("gambling");
    expect(engine().moderate({ text: "db挂了，赶紧重启" }).flagged).toBe(false);
  });

  it("returns spans that cover the disguised original", () => {
    const text = "来玩赌@@博吧";
    const span = engine()
      .moderate({ text })
      .spans.find((s) => s.category === "gambling")!;
    expect(text.slice(span.start, span.end)).toBe("赌@@博");
  });
});
