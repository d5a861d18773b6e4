import type { AppContext } from "../app/context.js";
import { openIncident } from "../incidents/open-incident.js";
import { type Category, categoryLabel } from "../moderation/index.js";
import type { EscalateFn } from "./enforce.js";

// Which incident category and severity a grave moderation verdict opens (篇九 四: stop it, educate,
// and report what may have serious consequences to the responsible leader).
const incidentFor: Partial<Record<Category, { category: string; severity: string }>> = {
  subversion: { category: "harmful_content", severity: "major" },
  terrorism: { category: "harmful_content", severity: "major" },
  secret_leak: { category: "data_leak", severity: "serious" },
  credential_leak: { category: "account_theft", severity: "general" },
  malware: { category: "malware_infection", severity: "general" },
  privacy_exposure: { category: "data_leak", severity: "general" },
};
const fallback = { category: "harmful_content", severity: "serious" };

/** Escalation through the incidents feature: the flagged message becomes the incident's evidence. */
export function escalateToIncident(app: AppContext): EscalateFn {
  return async ({ verdict, storedId, group, sender, senderRef }) => {
    if (!group) return null; // only bound groups have a responsible unit
    const first = verdict.categories.find((c) => incidentFor[c]) ?? verdict.categories[0];
    const target = (first && incidentFor[first]) || fallback;
    const opened = await openIncident(app, {
      category: target.category,
      severity: target.severity,
      unitId: group.unitId,
      description: `群聊「${group.name ?? group.id}」中 ${sender?.name ?? senderRef} 发布的消息涉嫌${verdict.categories.map((c) => categoryLabel("zh-CN", c)).join("、")}（自动上报）`,
      reporter: { system: true, feature: "moderation" },
      sourceGroupId: group.id,
      evidenceMessageIds: [storedId],
      via: "moderation",
    });
    return { number: opened.number };
  };
}
