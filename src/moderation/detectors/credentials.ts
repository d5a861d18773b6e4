import { hash } from "node:crypto";
import {
  TRIGGER_CREDENTIAL_HAN,
  TRIGGER_FULL_WIDTH,
  TRIGGER_LETTER,
  TRIGGER_TOKEN_RUN,
  triggers,
} from "../triggers.js";
import type { Hit, Redaction } from "../types.js";

/** A found secret: the hit (with a masked term) and its redaction. */
export interface CredentialFinding {
  hit: Hit;
  redaction: Redaction;
}

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII → ASCII, keeping every offset (so spans stay valid in the original). */
export function foldWidth(text: string): string {
  if (!FULL_WIDTH.test(text)) return text; // the common case: no replace() callback machinery
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

interface TokenRule {
  kind: string;
  re: RegExp;
  /** Capture group holding the secret (0 = whole match). */
  group: number;
}

// Well-known token formats: these are secrets whatever the wording around them.
const TOKEN_RULES: TokenRule[] = [
  { kind: "aws_access_key", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, group: 0 },
  {
    kind: "aws_secret_key",
    re: /aws.{0,20}?(?:secret|sk).{0,20}?[:=\s]\s*["']?([A-Za-z0-9/+]{40})\b/gi,
    group: 1,
  },
  { kind: "slack_token", re: /\bxox[abposr]-[0-9A-Za-z-]{10,}/g, group: 0 },
  { kind: "slack_webhook", re: /hooks\.slack\.com\/services\/T[0-9A-Z]+\/B[0-9A-Z]+\/[0-9A-Za-z]+/g, group: 0 },
  { kind: "github_token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g, group: 0 },
  { kind: "telegram_bot_token", re: /\b\d{8,10}:[A-Za-z0-9_-]{35}\b/g, group: 0 },
  { kind: "google_api_key", re: /\bAIza[0-9A-Za-z_-]{35}\b/g, group: 0 },
  { kind: "openai_key", re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, group: 0 },
  {
    kind: "private_key",
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[^-]*-----|$)/g,
    group: 0,
  },
];

// Password wording, Chinese and English: keyword, a separator, then the secret.
const KEYWORD =
  "(?:登录|登陆|开机|管理员|后台|数据库|wifi|WiFi|WIFI|邮箱|服务器|root|admin|新|初始|默认)?(?:密码|密碼|口令|mima|password|passwd|passwort|pwd|pass|pw|密钥|秘钥|私钥|token|secret|api[_-]?key|access[_-]?key)";
const PASSWORD = new RegExp(
  `(?<![A-Za-z])${KEYWORD}\\s*(?:是|为|為|:|=|：|改成了?|改为|设为|设置为|设成|is|\\s)\\s*["'“]?([!-~]{4,64})`,
  "gi",
);
const USER_PASS = /(?:账号|帐号|用户名|user(?:name)?|login|账户)\s*[:=]?\s*([\w.@-]{2,40})\s*[/|]\s*([!-~]{4,64})/gi;
const MYSQL = /-u\s*\S+\s+-p([!-~]{4,64})/g;
const ENTROPY_CUE = /key|token|secret|密钥|秘钥|令牌|凭证|凭据|credential|apikey/i;
const TOKEN_LIKE = /[A-Za-z0-9_\-+/=]{24,}/g;

/** Shannon entropy of a string, bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const TRAILING = /[.,;:'"”’。，；）]+$/;
const PLACEHOLDER = /^(?:\*+|x+|•+|\.+|<[^>]*>|\{[^}]*\}|\$\{[^}]*\}|null|none|empty|xxx+|\?+)$/i;

// A value after "密码" that is a word of a sentence, not a secret ("password reset", "密码 策略").
function plausibleSecret(value: string, separatorWasSpace: boolean): boolean {
  if (value.length < 4 || PLACEHOLDER.test(value)) return false;
  if (/^(?:https?:|www\.)/i.test(value)) return false;
  if (separatorWasSpace) {
    if (/^[a-z]+$/.test(value)) return false; // an English word
    if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  }
  if (/^\d{1,3}$/.test(value)) return false;
  return true;
}

/** The redacted form of a secret: sha256 and the last 2–4 characters. */
export function redact(secret: string, kind: string, start: number, end: number): Redaction {
  const keep = secret.length >= 16 ? 4 : secret.length >= 8 ? 3 : 2;
  const last = secret.slice(-keep);
  return {
    start,
    end,
    kind,
    sha256: hash("sha256", secret, "hex"), // one-shot: 4× cheaper than a Hash object
    last,
    replacement: `[已隐去 ${kind} …${last}]`,
  };
}

// Records a finding unless it overlaps one already taken (a token inside a password line).
function addFinding(found: CredentialFinding[], kind: string, secret: string, start: number, weight = 0.95): void {
  const end = start + secret.length;
  for (const f of found) if (f.hit.start < end && start < f.hit.end) return;
  const redaction = redact(secret, kind, start, end);
  found.push({
    hit: {
      start,
      end,
      term: `${kind} …${redaction.last}`,
      category: "credential_leak",
      weight,
      severity: "high",
      source: kind,
    },
    redaction,
  });
}

/** Finds passwords, keys and tokens (category credential_leak); each comes back redacted. */
export function detectCredentials(original: string): CredentialFinding[] {
  const found: CredentialFinding[] = [];
  const gate = triggers(original);
  // Every rule needs a latin letter, a long token run or a Han keyword character.
  if (!(gate & (TRIGGER_LETTER | TRIGGER_TOKEN_RUN | TRIGGER_CREDENTIAL_HAN))) return found;
  const text = gate & TRIGGER_FULL_WIDTH ? foldWidth(original) : original;
  // Token formats need a long ASCII run or a key header; most chat has neither.
  const tokenish = (gate & TRIGGER_TOKEN_RUN) !== 0 || text.includes("-----BEGIN");
  for (const rule of tokenish ? TOKEN_RULES : []) {
    for (const m of text.matchAll(rule.re)) {
      const secret = m[rule.group]!;
      addFinding(found, rule.kind, secret, m.index + m[0].indexOf(secret));
    }
  }
  if (/密|口令|mima|pass|pwd|pw|key|token|secret|-p/i.test(text)) {
    for (const m of text.matchAll(PASSWORD)) {
      const value = m[1]!.replace(TRAILING, "");
      const sep = m[0].slice(0, m[0].length - m[1]!.length).trimEnd();
      const spaceOnly = !/(?:是|为|為|:|=|改|设)["'“]?$/i.test(sep);
      if (!plausibleSecret(value, spaceOnly)) continue;
      addFinding(found, "password", value, m.index + m[0].length - m[1]!.length);
    }
    for (const m of text.matchAll(MYSQL)) addFinding(found, "password", m[1]!, m.index + m[0].length - m[1]!.length);
  }
  const userPass = /账|帐号|用户名|user|login/i.test(text) ? text.matchAll(USER_PASS) : [];
  for (const m of userPass) {
    const value = m[2]!.replace(TRAILING, "");
    if (!plausibleSecret(value, false) || !/[0-9!@#$%^&*]/.test(value)) continue;
    addFinding(found, "password", value, m.index + m[0].length - m[2]!.length);
  }
  if (tokenish && ENTROPY_CUE.test(text)) {
    for (const m of text.matchAll(TOKEN_LIKE)) {
      const v = m[0];
      if (/^[0-9a-f]+$/i.test(v) || /^\d+$/.test(v)) continue; // hashes and ids, not secrets
      const before = text.slice(Math.max(0, m.index - 8), m.index);
      if (/[/.]$/.test(before) || /:\/\/\S*$/.test(before)) continue; // part of a URL or path
      if (entropy(v) < 4) continue;
      if (!/[A-Z]/.test(v) || !/[a-z]/.test(v) || !/[0-9]/.test(v)) continue;
      addFinding(found, "high_entropy_secret", v, m.index, 0.8);
    }
  }
  return found;
}
