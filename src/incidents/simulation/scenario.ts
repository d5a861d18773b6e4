import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { parseDuration } from "../../core/clock.js";
import { lineOf, loadYamlFile } from "../../core/yaml-file.js";

export const scenarioInvalid = "watchkeeper_scenario_invalid";

const offset = z.union([z.string(), z.number()]).refine(
  (v) => {
    if (v === 0 || v === "0") return true;
    try {
      return parseDuration(v) >= 0;
    } catch {
      return false;
    }
  },
  { message: "must be an offset such as 0m, 20m, 3h or 2d" },
);

const stepSchema = z
  .object({
    /** Offset from `start`. */
    at: offset,
    /** Person id of the org file. */
    as: z.string().min(1).optional(),
    /** Group id of the org file, or "dm" for the person's direct chat with the bot. */
    in: z.string().min(1).optional(),
    /** A message or command exactly as typed. */
    say: z.string().min(1).optional(),
    /** Reply to the latest message of this person in the group (for evidence). */
    replyToLastOf: z.string().min(1).optional(),
    /** Presses a button the bot offered to this person. */
    press: z
      .object({
        incident: z.string().min(1).default("last"),
        action: z.enum(["ack", "done", "escalate", "reassign"]),
        /** The duty (or "ack") the button is about; any when absent. */
        duty: z.string().min(1).optional(),
        /** Text typed into the button's input: proof for done. */
        proof: z.string().optional(),
        /** Person id typed into reassign's input. */
        to: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Submits the latest form the bot showed this person. */
    submit: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const acts = [s.say, s.press, s.submit].filter((x) => x !== undefined).length;
    if (acts > 1) ctx.addIssue({ code: "custom", message: "a step does one thing: say, press or submit" });
    if (acts === 1 && !s.as)
      ctx.addIssue({ code: "custom", path: ["as"], message: "who acts? (a person id of the org file)" });
    if (s.say !== undefined && !s.in)
      ctx.addIssue({ code: "custom", path: ["in"], message: 'where? (a group id of the org file, or "dm")' });
  });

export const scenarioSchema = z
  .object({
    /** Org file, relative to the scenario file. @defaultValue the shipped examples/org.yaml */
    org: z.string().min(1).optional(),
    /** Incident policy, relative to the scenario file. @defaultValue the shipped policy */
    policy: z.string().min(1).optional(),
    /** Language of the bot. @defaultValue "zh-CN" */
    locale: z.enum(["zh-CN", "en"]).optional(),
    start: z.iso.datetime({ offset: true }),
    steps: z.array(stepSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    let last = 0;
    s.steps.forEach((step, i) => {
      let ms: number;
      try {
        ms = offsetMs(step.at);
      } catch {
        return; // reported by the field's own check
      }
      if (ms < last) ctx.addIssue({ code: "custom", path: ["steps", i, "at"], message: "steps must be in time order" });
      last = Math.max(last, ms);
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = Scenario["steps"][number];

export function offsetMs(at: string | number): number {
  return at === 0 || at === "0" ? 0 : parseDuration(at);
}

/** Reads and validates a scenario; errors name file:line and the field. */
export function loadScenario(path: string): { scenario: Scenario; stepLines: (number | undefined)[] } {
  const scenario = loadYamlFile(path, scenarioSchema, scenarioInvalid);
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter: lc });
  return { scenario, stepLines: scenario.steps.map((_, i) => lineOf(doc, lc, ["steps", i])) };
}
