import type { CharTables } from "../char-table.js";
import { createNormalisedText, normalise, normalisedString } from "../normaliser.js";
import type { Hit, ModerationInput } from "../types.js";

const TITLES = /(?:总经理|董事长|书记|局长|处长|科长|主任|院长|校长|部长|经理|老板|总监|主管|领导|总|董|局|处)$/;

function norm(s: string, tables: CharTables): string {
  return normalisedString(normalise(s, tables, createNormalisedText(s.length * 2 + 4)));
}

function pinyinOf(s: string, tables: CharTables): string {
  return [...s].map((c) => tables.syllables[tables.syllable[c.codePointAt(0)!] ?? 0] || c).join(" ");
}

/** The leader a display name imitates, or undefined (exact copies, homophones, traditional forms, surname + title). */
export function imitatedLeader(senderName: string, leaderNames: string[], tables: CharTables): string | undefined {
  const name = norm(senderName, tables);
  if (!name) return undefined;
  for (const leader of leaderNames) {
    const l = norm(leader, tables);
    if (l.length < 2) continue;
    if (name === l || name.includes(l)) return leader;
    if ([...name].length === [...l].length && pinyinOf(name, tables) === pinyinOf(l, tables)) return leader;
    // 王总 / 王局长 imitating 王建国.
    const surname = [...l][0]!;
    const stripped = name.replace(TITLES, "");
    if (stripped !== name && (stripped === surname || stripped === l)) return leader;
  }
  return undefined;
}

/** A non-member using a leader's name while asking for money or urgent action (category impersonation). */
export function detectImpersonation(input: ModerationInput, tables: CharTables, moneyOrUrgencyCue: boolean): Hit[] {
  if (!input.senderName || !input.leaderNames?.length || input.senderIsKnownPerson) return [];
  const leader = imitatedLeader(input.senderName, input.leaderNames, tables);
  if (!leader) return [];
  return [
    {
      start: 0,
      end: input.text.length,
      term: `冒用领导名义: ${leader}`,
      category: "impersonation",
      weight: moneyOrUrgencyCue ? 0.95 : 0.35,
      severity: "high",
      source: "impersonation",
    },
  ];
}
