import { defineMessages, type Locale } from "../i18n/i18n.js";
import type { Action, Category } from "./types.js";

const t = defineMessages<Category | `action.${Action}`>({
  "zh-CN": {
    subversion: "煽动颠覆、分裂国家、破坏民族团结",
    anti_law: "煽动抗拒法律实施",
    rumor: "散布谣言",
    superstition: "封建迷信",
    obscenity: "淫秽色情",
    gambling: "赌博",
    violence: "暴力凶杀",
    terrorism: "恐怖主义",
    crime_incitement: "教唆犯罪",
    insult_defamation: "侮辱诽谤",
    secret_leak: "泄露秘密或内部信息",
    privacy_exposure: "泄露他人隐私",
    credential_leak: "泄露账号口令",
    malware: "传播病毒或恶意链接",
    impersonation: "冒用他人名义",
    reputation: "损害单位声誉",
    "action.none": "不处理",
    "action.hide": "隐藏消息",
    "action.warn": "警告",
    "action.mute": "禁言",
    "action.remove": "移出群组",
    "action.escalate": "上报负责人",
  },
  en: {
    subversion: "Inciting subversion or separatism",
    anti_law: "Inciting resistance to the law",
    rumor: "Spreading rumours",
    superstition: "Feudal superstition",
    obscenity: "Obscenity",
    gambling: "Gambling",
    violence: "Violence",
    terrorism: "Terrorism",
    crime_incitement: "Abetting crime",
    insult_defamation: "Insult or defamation",
    secret_leak: "Leaking secrets or internal information",
    privacy_exposure: "Exposing someone's private data",
    credential_leak: "Leaking account passwords or keys",
    malware: "Malicious file or link",
    impersonation: "Impersonation",
    reputation: "Harming the organisation's reputation",
    "action.none": "No action",
    "action.hide": "Hide the message",
    "action.warn": "Warn",
    "action.mute": "Mute",
    "action.remove": "Remove from the group",
    "action.escalate": "Escalate to the responsible leader",
  },
});

/** The user-facing name of a category. */
export function categoryLabel(locale: Locale, c: Category): string {
  return t(locale, c);
}

/** The user-facing name of an action. */
export function actionLabel(locale: Locale, a: Action): string {
  return t(locale, `action.${a}`);
}
