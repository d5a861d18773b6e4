import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSimulate } from "../../src/cli/simulate.js";
import type { TranscriptLine } from "../../src/incidents/simulation/run.js";

const scenarios = new URL("../../examples/scenarios/", import.meta.url).pathname;

function sink() {
  let text = "";
  const write = (s: string) => {
    text += s;
    return true;
  };
  return { stream: { write } as unknown as NodeJS.WritableStream, text: () => text };
}

async function simulate(
  file: string,
  ...args: string[]
): Promise<{ code: number; lines: TranscriptLine[]; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await runSimulate([file, ...args], { stdout: out.stream, stderr: err.stream });
  const lines = out
    .text()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TranscriptLine);
  return { code, lines, stderr: err.text() };
}

const pick = (lines: TranscriptLine[], kind: string, deadline?: string) =>
  lines
    .filter((l) => l.kind === kind && (deadline === undefined || l.deadline === deadline))
    .map((l) => ({ at: l.at, to: l.to }));

describe("the simulator", { timeout: 120_000 }, () => {
  it("runs the intrusion scenario: no ack → unit head → ack → refused done → police report escalates to the leadership group at 24 h", async () => {
    const { code, lines, stderr } = await simulate(join(scenarios, "intrusion.yaml"));
    expect(code).toBe(0);
    expect(stderr).toMatch(/timers: BullMQ on redis:\/\/.* \(private prefix wksim/);
    expect(pick(lines, "incident_opened")).toEqual([{ at: "2026-03-02T09:00:00+08:00", to: "it-centre-group" }]);
    expect(pick(lines, "deadline_missed", "ack")).toEqual([{ at: "2026-03-02T09:15:00+08:00", to: "wang.wu" }]);
    expect(pick(lines, "escalated", "ack")).toEqual([{ at: "2026-03-02T09:15:00+08:00", to: "li.si" }]);
    expect(pick(lines, "acknowledged")).toEqual([{ at: "2026-03-02T09:20:00+08:00", to: "li.si" }]);
    // li.si is below the security office, which owns the police report.
    expect(pick(lines, "refused")).toEqual([{ at: "2026-03-02T12:00:00+08:00", to: "li.si" }]);
    expect(lines.find((l) => l.kind === "post" && l.visibleTo === "li.si")?.text).toContain("目前由 陈七 负责");
    expect(pick(lines, "reminder", "police_report").map((r) => r.at)).toEqual([
      "2026-03-03T03:00:00+08:00",
      "2026-03-03T08:00:00+08:00",
      "2026-03-03T12:00:00+08:00",
    ]);
    expect(pick(lines, "deadline_missed", "police_report")).toEqual([
      { at: "2026-03-03T09:00:00+08:00", to: "chen.qi" },
      { at: "2026-03-03T13:00:00+08:00", to: "zhang.san,zhao.liu" },
    ]);
    expect(pick(lines, "escalated", "police_report")).toEqual([
      { at: "2026-03-03T09:00:00+08:00", to: "zhang.san,zhao.liu" },
    ]);
    const toLeaders = lines.filter(
      (l) => l.kind === "dm" && l.to === "zhao.liu" && l.at === "2026-03-03T09:00:00+08:00" && !l.edited,
    );
    expect(toLeaders.map((l) => l.text)).toEqual([
      expect.stringContaining("公安机关报告」未按时完成，已移交 张三、赵六"),
    ]);
    // Incident numbers, never uuids, in the output.
    expect(JSON.stringify(lines)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("gives the same transcript on BullMQ and on the in-memory stand-in", async () => {
    const a = await simulate(join(scenarios, "especially-major.yaml"));
    const b = await simulate(join(scenarios, "especially-major.yaml"), "--no-redis");
    expect(b.stderr).toContain("in-memory stand-in");
    expect(a.lines.length).toBeGreaterThan(10);
    expect(b.lines).toEqual(a.lines);
    // Five minutes for the security officer, ten for the unit head.
    expect(pick(a.lines, "escalated", "ack")).toEqual([{ at: "2026-03-02T09:05:00+08:00", to: "li.si" }]);
    expect(pick(a.lines, "acknowledged")).toEqual([{ at: "2026-03-02T09:12:00+08:00", to: "li.si" }]);
    // The officer hands the log duty up by hand; it keeps its due time.
    expect(a.lines.find((l) => l.kind === "escalated" && l.deadline === "preserve_logs")).toMatchObject({
      at: "2026-03-02T09:30:00+08:00",
      to: "li.si",
      text: expect.stringContaining("2026-03-02 10:00"),
    });
  });

  it("refuses an acknowledgement from outside the chain, by button and by command", async () => {
    const { lines } = await simulate(join(scenarios, "unauthorised-ack.yaml"));
    expect(pick(lines, "refused", "ack")).toEqual([
      { at: "2026-03-02T09:05:00+08:00", to: "feng.er" },
      { at: "2026-03-02T09:06:00+08:00", to: "feng.er" },
    ]);
    expect(pick(lines, "acknowledged")).toEqual([{ at: "2026-03-02T09:10:00+08:00", to: "wang.wu" }]);
    expect(pick(lines, "deadline_missed", "ack")).toEqual([]);
  });

  it("climbs the whole chain when nobody acknowledges, then tells everyone", async () => {
    const { lines } = await simulate(join(scenarios, "no-ack.yaml"));
    expect(pick(lines, "escalated", "ack")).toEqual([
      { at: "2026-03-02T11:00:00+08:00", to: "sun.ba" },
      { at: "2026-03-02T13:00:00+08:00", to: "chen.qi" },
      { at: "2026-03-02T17:00:00+08:00", to: "zhang.san,zhao.liu" },
    ]);
    expect(pick(lines, "deadline_missed", "ack").map((l) => l.to)).toEqual([
      "zhou.jiu",
      "sun.ba",
      "chen.qi",
      "zhang.san,zhao.liu",
    ]);
    const last = lines.filter((l) => l.at === "2026-03-03T01:00:00+08:00" && l.kind === "dm" && !l.edited);
    expect(last.map((l) => l.to).sort()).toEqual(["chen.qi", "sun.ba", "zhang.san", "zhao.liu", "zhou.jiu"]);
  });

  it("closes duties done in time with their proof and never escalates them", async () => {
    const { lines } = await simulate(join(scenarios, "duty-done.yaml"));
    expect(lines.filter((l) => l.kind === "deadline_met").map((l) => [l.deadline, l.to, l.at])).toEqual([
      ["ack", "wang.wu", "2026-03-02T09:05:00+08:00"],
      ["preserve_logs", "wang.wu", "2026-03-02T10:00:00+08:00"],
      ["police_report", "chen.qi", "2026-03-02T12:00:00+08:00"],
      ["written_report", "li.si", "2026-03-04T09:00:00+08:00"],
    ]);
    expect(lines.find((l) => l.deadline === "police_report" && l.kind === "deadline_met")?.text).toContain(
      "公安备案 2026-118",
    );
    expect(pick(lines, "deadline_missed")).toEqual([]);
    expect(pick(lines, "escalated")).toEqual([]);
  });

  it("names the file, line and field of a bad scenario", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wk-scenario-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      'start: "2026-03-02T09:00:00+08:00"\nsteps:\n  - { at: 0m, as: wang.wu, in: it-centre-group, say: hi }\n  - { at: soon }\n',
    );
    const r = await simulate(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:4: steps[1].at: must be an offset such as 0m, 20m, 3h or 2d`);

    writeFileSync(
      file,
      'start: "2026-03-02T09:00:00+08:00"\nsteps:\n  - { at: 0m, as: wang.wu, press: { action: ack } }\n',
    );
    const r2 = await simulate(file);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${file}:3: steps[0]: press: no incident last`);
  });
});
