import { describe, expect, it } from "vitest";
import { detectCredentials, entropy } from "../../src/moderation/detectors/credentials.js";
import { suspiciousHost } from "../../src/moderation/detectors/malware.js";
import { isMobileNumber, isValidChineseId, luhnValid } from "../../src/moderation/detectors/privacy.js";
import { engine } from "./helpers.js";

describe("privacy detectors", () => {
  it("accepts an ID number with a valid birth date and checksum", () => {
    expect(isValidChineseId("110105199003074210")).toBe(true);
    expect(isValidChineseId("11010519900307421x")).toBe(false);
  });

  it("rejects a wrong checksum and an impossible birth date", () => {
    expect(isValidChineseId("110105199003074213")).toBe(false);
    expect(isValidChineseId("110105199002304219")).toBe(false); // 30 February
  });

  it("checks bank cards with Luhn", () => {
    expect(luhnValid("6217000012345678907")).toBe(true);
    expect(luhnValid("6217000012345678904")).toBe(false);
  });

  it("recognises mainland mobile numbers", () => {
    expect(isMobileNumber("13812345678")).toBe(true);
    expect(isMobileNumber("8613812345678")).toBe(true);
    expect(isMobileNumber("12812345678")).toBe(false);
  });

  it("flags an ID number split by hyphens and written in full-width digits", () => {
    expect(engine().moderate({ text: "身份证：110105-19900307-4210" }).categories).toContain("privacy_exposure");
    expect(engine().moderate({ text: "号码１１０１０５１９９００３０７４２１０" }).categories).toContain(
      "privacy_exposure",
    );
  });

  it("reads a phone number written in Chinese numerals when it is being exposed", () => {
    expect(engine().moderate({ text: "她的电话是一三八一二三四五六七八" }).categories).toContain("privacy_exposure");
  });

  it("does not treat an order number or a bare phone mention as exposure", () => {
    expect(engine().moderate({ text: "订单号 20231015000123456 已发货" }).flagged).toBe(false);
    expect(engine().moderate({ text: "有事打我 13812345678" }).flagged).toBe(false);
  });
});

describe("credential detector", () => {
  it.each([
    ["Chinese wording", "服务器密码是 Abc@12345", "Abc@12345"],
    ["full-width colon", "数据库密码：Pa55w0rd!", "Pa55w0rd!"],
    ["English wording", "the admin password is S3cure#2024", "S3cure#2024"],
    ["user/pass pair", "账号 admin / Admin@123", "Admin@123"],
    ["AWS key", "key AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
    ["Slack token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl"],
    ["GitHub token", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef1234", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef1234"],
    [
      "Telegram token",
      "123456789:AAHk3jDkLmNoPqRsTuVwXyZaBcDeFgHiJkL",
      "123456789:AAHk3jDkLmNoPqRsTuVwXyZaBcDeFgHiJkL",
    ],
  ])("finds a secret in %s", (_name, text, secret) => {
    const found = detectCredentials(text);
    expect(found.map((f) => text.slice(f.redaction.start, f.redaction.end))).toContain(secret);
  });

  it("finds a private-key block", () => {
    const text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----";
    expect(detectCredentials(text).map((f) => f.redaction.kind)).toEqual(["private_key"]);
  });

  it.each([
    "密码策略要求8位以上",
    "忘记密码请联系管理员",
    "password reset link sent",
    "密码: ******",
    "请勿在群里发送密码",
  ])("leaves rule talk alone: %s", (text) => {
    expect(detectCredentials(text)).toEqual([]);
  });

  it("returns the secret only as a hash and its last characters, and asks for a private notice", () => {
    const v = engine().moderate({ text: "wifi密码是 Guest2024abc" });
    expect(v.categories).toEqual(["credential_leak"]);
    expect(v.notifySenderToRotateCredential).toBe(true);
    expect(v.redactedText).not.toContain("Guest2024abc");
    expect(JSON.stringify(v.spans)).not.toContain("Guest2024abc");
    expect(v.redactions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.redactions[0]!.last).toBe("abc");
  });

  it("measures entropy in bits per character", () => {
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("abcd")).toBe(2);
  });
});

describe("malware detector", () => {
  it("flags executables, disguised names and macro documents", () => {
    const judge = (name: string) => engine().moderate({ text: "请查收", attachments: [{ name }] }).categories;
    expect(judge("setup.exe")).toContain("malware");
    expect(judge("发票.pdf.scr")).toContain("malware");
    expect(judge("报销单.xlsm")).toContain("malware");
    expect(judge("周报.docx")).toEqual([]);
  });

  it("flags an archive only with a lure such as an unzip password", () => {
    expect(engine().moderate({ text: "设计稿", attachments: [{ name: "a.zip" }] }).flagged).toBe(false);
    expect(engine().moderate({ text: "解压密码123", attachments: [{ name: "a.zip" }] }).categories).toContain(
      "malware",
    );
  });

  it("judges hosts: public IP literals, look-alikes, punycode, shorteners", () => {
    expect(suspiciousHost("45.33.12.9")).toBeDefined();
    expect(suspiciousHost("192.168.1.20")).toBeUndefined();
    expect(suspiciousHost("paypa1.com")).toBeDefined();
    expect(suspiciousHost("appie-id.xyz")).toBeDefined();
    expect(suspiciousHost("xn--80ak6aa92e.com")).toBeDefined();
    expect(suspiciousHost("bit.ly")).toBeDefined();
    expect(suspiciousHost("www.icbc.com.cn")).toBeUndefined();
    expect(suspiciousHost("github.com")).toBeUndefined();
  });
});

describe("secret, impersonation and staff exemption", () => {
  it("escalates a classification marking", () => {
    const v = engine().moderate({ text: "机密★1年 投标底价" });
    expect(v.categories).toContain("secret_leak");
    expect(v.action).toBe("escalate");
  });

  it("flags internal material only when the group is external", () => {
    const text = "这是上周的会议纪要，大家看一下";
    expect(engine().moderate({ text }).flagged).toBe(false);
    expect(engine().moderate({ text, groupExternal: true }).categories).toContain("secret_leak");
  });

  it("flags a look-alike leader name asking for money, not the real leader", () => {
    const base = { text: "马上给这个账户转账", leaderNames: ["王建国"] };
    expect(engine().moderate({ ...base, senderName: "王建囯", senderIsKnownPerson: false }).categories).toContain(
      "impersonation",
    );
    expect(engine().moderate({ ...base, senderName: "王总", senderIsKnownPerson: false }).categories).toContain(
      "impersonation",
    );
    expect(engine().moderate({ ...base, senderName: "王建国", senderIsKnownPerson: true }).flagged).toBe(false);
  });

  it("reports but does not act on a staff member's exempt category; credentials stay actionable", () => {
    const staff = { senderRoles: ["security_officer"] };
    const gambling = engine().moderate({ text: "赌博网站充值", ...staff });
    expect(gambling.categories).toContain("gambling");
    expect(gambling.action).toBe("none");
    expect(gambling.exempted).toBe(true);
    expect(engine().moderate({ text: "密码是 Abc@12345", ...staff }).action).toBe("hide");
  });
});
