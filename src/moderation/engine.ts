import { isAbsolute, join } from "node:path";
import { charTables } from "./char-table.js";
import { detectCredentials } from "./detectors/credentials.js";
import { detectImpersonation } from "./detectors/impersonation.js";
import { detectAttachments, detectLinks } from "./detectors/malware.js";
import { detectPrivacy } from "./detectors/privacy.js";
import { detectExternalLeak, detectMarkings } from "./detectors/secrets.js";
import { InsultModel } from "./insult-model.js";
import { loadLexicons } from "./lexicon.js";
import { CompiledLexicon, type LexiconStats, termHits } from "./matcher.js";
import { createNormalisedText, normalise } from "./normaliser.js";
import { defaultPolicyDir } from "./package-root.js";
import { loadPolicy, type ModerationPolicy } from "./policy.js";
import {
  TRIGGER_CREDENTIAL_HAN,
  TRIGGER_HOUSE_NUMBER,
  TRIGGER_LETTER,
  TRIGGER_LINK,
  TRIGGER_SECRET,
  TRIGGER_STREET,
  TRIGGER_TOKEN_RUN,
  triggers,
} from "./triggers.js";
import type { Hit, ModerationInput, Redaction, Verdict } from "./types.js";
import { decide } from "./verdict.js";

// Shared while a message has no secret; decide() never hands it out (it returns a fresh empty list).
const NO_REDACTIONS: Redaction[] = [];

function append(to: Hit[], from: Hit[]): void {
  for (const h of from) to.push(h);
}

/** Options for {@link createModerationEngine}. */
export interface ModerationEngineOptions {
  /** Folder with policy.yaml, lexicons/ and models/. @defaultValue the shipped `policy/moderation`. */
  policyDir?: string;
}

/** A compiled moderation engine: pure, synchronous, reusable for any number of messages. */
export interface ModerationEngine {
  moderate(input: ModerationInput): Verdict;
  readonly lexiconStats: LexiconStats;
  readonly policy: ModerationPolicy;
  /** Every raw hit before policy (for evaluation and debugging). */
  hits(input: ModerationInput): Hit[];
}

/** Loads, validates and compiles the policy, lexicons and insult model once. */
export function createModerationEngine(options: ModerationEngineOptions = {}): ModerationEngine {
  const dir = options.policyDir ?? defaultPolicyDir();
  const policy = loadPolicy(dir);
  const lexicons = loadLexicons(join(dir, "lexicons"));
  const modelFile = isAbsolute(policy.insultModel.file) ? policy.insultModel.file : join(dir, policy.insultModel.file);
  const model = InsultModel.load(modelFile);
  const tables = charTables();
  const compiled = new CompiledLexicon(lexicons, policy.discussion.cues, tables);
  const buf = createNormalisedText(1024);
  const simplify = (s: string) =>
    s.replace(/[\u3400-\u9fff\uf900-\ufaff]/g, (ch) => {
      const c = tables.code[ch.charCodeAt(0)]!;
      return c > 0 && c < 0x10000 ? String.fromCharCode(c) : ch;
    });

  const analyse = (input: ModerationInput): { hits: Hit[]; redactions: Redaction[] } => {
    const text = typeof input.text === "string" ? input.text : "";
    const t = normalise(text, tables, buf);
    const m = compiled.match(t);
    const hits = termHits(t, m, policy.discussion.window);
    let redactions = NO_REDACTIONS;
    // Each detector runs only when one cheap pass over the text says it could fire (triggers.ts).
    const gate = triggers(text);
    if (gate & (TRIGGER_LETTER | TRIGGER_CREDENTIAL_HAN | TRIGGER_TOKEN_RUN)) {
      for (const f of detectCredentials(text)) {
        hits.push(f.hit);
        if (redactions === NO_REDACTIONS) redactions = [];
        redactions.push(f.redaction);
      }
    }
    const streetAddress = (gate & (TRIGGER_HOUSE_NUMBER | TRIGGER_STREET)) === (TRIGGER_HOUSE_NUMBER | TRIGGER_STREET);
    if (t.digits >= 11 || streetAddress) {
      append(
        hits,
        detectPrivacy(text, t, {
          exposureCue: m.cues.has("privacy_exposure:exposure"),
          bankCue: m.cues.has("privacy_exposure:bank"),
          simplify,
        }),
      );
    }
    if (input.attachments?.length) append(hits, detectAttachments(input.attachments, text));
    if (gate & TRIGGER_LINK) append(hits, detectLinks(text));
    if (gate & TRIGGER_SECRET) append(hits, detectMarkings(text));
    if (input.groupExternal) {
      append(
        hits,
        detectExternalLeak(
          text,
          input.attachments,
          true,
          m.cues.has("secret_leak:internal") ? { start: 0, end: text.length } : undefined,
        ),
      );
    }
    if (input.senderName && input.leaderNames?.length && !input.senderIsKnownPerson) {
      append(hits, detectImpersonation({ ...input, text }, tables, m.cues.has("impersonation:money")));
    }
    if (t.length >= policy.insultModel.minLength) {
      const p = model.score(t);
      if (p >= policy.insultModel.threshold) {
        hits.push({
          start: 0,
          end: text.length,
          term: `侮辱/歧视模型 ${p.toFixed(2)}`,
          category: "insult_defamation",
          weight: Math.min(1, 0.5 + (p - policy.insultModel.threshold)),
          severity: "medium",
          source: "insult_model",
        });
      }
    }
    return { hits, redactions };
  };

  return {
    lexiconStats: compiled.stats,
    policy,
    hits: (input) => analyse(input).hits,
    moderate(input) {
      const { hits, redactions } = analyse(input);
      return decide(input, hits, redactions, policy);
    },
  };
}
