import type { Attachment, Hit } from "../types.js";

const INTERNAL_FILE =
  /内部|机密|秘密|绝密|涉密|工资|薪资|薪酬|通讯录|花名册|客户名单|客户信息|报价|合同|财务|预算|会议纪要|源码|源代码|账号|密码|人事|考核|confidential|internal|salary|payroll|contacts/i;

const MARKING =
  /(?:绝|絕|机|機|秘)[^\p{L}\p{N}]{0,3}密\s*★|密级\s*[:：]\s*(?:绝密|机密|秘密|絕密|機密)|(?:【|\[)\s*(?:绝密|机密|絕密|機密)\s*(?:】|\])/gu;

/** Classification markings (绝密★, 密级：机密, 【机密】) on the original text: always secret_leak, grave. */
export function detectMarkings(text: string): Hit[] {
  if (!/密/.test(text)) return [];
  return [...text.matchAll(MARKING)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    term: m[0],
    category: "secret_leak" as const,
    weight: 1,
    severity: "grave" as const,
    source: "marking",
  }));
}

/** Internal material posted to a group marked external (category secret_leak). */
export function detectExternalLeak(
  text: string,
  attachments: Attachment[] | undefined,
  groupExternal: boolean | undefined,
  internalCue: { start: number; end: number } | undefined,
): Hit[] {
  if (!groupExternal) return [];
  const hits: Hit[] = [];
  if (internalCue) {
    hits.push({
      ...internalCue,
      term: "外部群发布内部信息",
      category: "secret_leak",
      weight: 0.75,
      severity: "high",
      source: "external_group",
    });
  }
  for (const a of attachments ?? []) {
    if (INTERNAL_FILE.test(a.name)) {
      hits.push({
        start: 0,
        end: text.length,
        term: `外部群发送内部文件: ${a.name}`,
        category: "secret_leak",
        weight: 0.8,
        severity: "high",
        source: "external_group",
      });
    }
  }
  return hits;
}
