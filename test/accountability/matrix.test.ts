import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAccountabilityPolicy, parseSanctionMatrix } from "../../src/accountability/policy/load.js";
import { lighten, propose } from "../../src/accountability/sanctions.js";

const dir = new URL("../../policy/accountability", import.meta.url).pathname;
const { matrix, procedure } = loadAccountabilityPolicy(dir);

describe("the sanction matrix as data (policy/accountability/sanctions.yaml)", () => {
  it("encodes 第七条: criticism or a written self-criticism", () => {
    expect(propose(matrix, { conduct: "late_report", severity: "serious" })).toMatchObject({
      range: ["criticism_education", "written_self_criticism"],
      articles: ["篇五 第七条（一）"],
    });
    expect(
      propose(matrix, { conduct: "rules_not_implemented", severity: "general", causedEvent: false }).articles,
    ).toEqual(["篇五 第七条（二）"]);
    expect(propose(matrix, { conduct: "poor_cooperation", severity: "major" }).articles).toEqual(["篇五 第七条（三）"]);
  });

  it("encodes 第八条: a written self-criticism or circulated criticism", () => {
    const range = ["written_self_criticism", "circulated_criticism"];
    expect(propose(matrix, { conduct: "late_report", severity: "major" })).toMatchObject({
      range,
      articles: ["篇五 第八条（一）"],
    });
    expect(propose(matrix, { conduct: "rules_not_implemented", severity: "serious" }).articles).toEqual([
      "篇五 第八条（二）",
    ]);
    expect(propose(matrix, { conduct: "rules_not_implemented", severity: "major", impact: "none" }).articles).toEqual([
      "篇五 第八条（三）",
    ]);
    expect(
      propose(matrix, { conduct: "rules_not_implemented", severity: "general", causedEvent: false, repeated: true })
        .articles,
    ).toEqual(["篇五 第八条（四）"]);
    expect(propose(matrix, { conduct: "poor_cooperation", severity: "especially_major" }).range).toEqual(range);
  });

  it("encodes 第九条: circulated criticism or general handling", () => {
    const range = ["circulated_criticism", "general_handling"];
    expect(propose(matrix, { conduct: "late_report", severity: "especially_major" })).toMatchObject({
      range,
      articles: ["篇五 第九条（一）"],
    });
    expect(propose(matrix, { conduct: "rules_not_implemented", severity: "major", impact: "some" }).articles).toEqual([
      "篇五 第九条（二）",
    ]);
    expect(propose(matrix, { conduct: "refused_cooperation", severity: "especially_major" }).articles).toEqual([
      "篇五 第九条（三）",
    ]);
  });

  it("encodes 第十条: severe handling, police referral when very serious", () => {
    const range = ["severe_handling", "police_referral"];
    expect(propose(matrix, { conduct: "concealment", severity: "major" })).toMatchObject({
      range,
      articles: ["篇五 第十条（一）"],
    });
    expect(
      propose(matrix, { conduct: "rules_not_implemented", severity: "especially_major", impact: "bad" }).articles,
    ).toEqual(["篇五 第十条（二）"]);
    expect(propose(matrix, { conduct: "destroying_evidence", severity: "general" }).articles).toEqual([
      "篇五 第十条（三）",
    ]);
    expect(propose(matrix, { conduct: "faking", severity: "serious" }).range).toEqual(range);
  });

  it("encodes 第十二条: force majeure or proof of full compliance means no liability", () => {
    for (const mitigation of ["force_majeure", "full_compliance"] as const)
      expect(propose(matrix, { conduct: "concealment", severity: "major", mitigation })).toMatchObject({
        range: [],
        noLiability: true,
      });
  });

  it("encodes 第十三条: prompt admission and repair makes the range one step lighter", () => {
    expect(
      propose(matrix, { conduct: "late_report", severity: "especially_major", mitigation: "admission" }),
    ).toMatchObject({
      range: ["written_self_criticism", "circulated_criticism"],
      articles: ["篇五 第九条（一）", "篇五 第十三条"],
    });
    expect(lighten(["criticism_education", "written_self_criticism"], 1)).toEqual(["criticism_education"]);
  });

  it("says when no article covers the facts, so the decider must give a reason", () => {
    expect(propose(matrix, { conduct: "concealment", severity: "general" })).toMatchObject({
      range: [],
      uncovered: true,
    });
  });

  it("puts light sanctions with the security office and heavy ones with a joint decision (第十八条)", () => {
    expect(procedure.authority.direct.sanctions).toEqual([
      "criticism_education",
      "written_self_criticism",
      "circulated_criticism",
    ]);
    expect(procedure.authority.joint.sanctions).toContain("severe_handling");
    expect(Object.keys(procedure.authority.joint.approvers)).toEqual([
      "hr",
      "competent_department",
      "leadership_group",
    ]);
  });

  it("rejects a range that skips a step, naming the file, line and field", () => {
    const text = readFileSync(`${dir}/sanctions.yaml`, "utf8").replace(
      "sanctions: [severe_handling, police_referral] }\n\n",
      "sanctions: [criticism_education, severe_handling] }\n\n",
    );
    expect(() => parseSanctionMatrix(text, "sanctions.yaml")).toThrow(
      /sanctions\.yaml:\d+: rules\[13\]\.sanctions: must be consecutive/,
    );
  });
});
