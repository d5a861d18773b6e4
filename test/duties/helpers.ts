import { coreCommands } from "../../src/bot/core-commands.js";
import { createDutiesFeature } from "../../src/duties/index.js";
import { incidentsFeature } from "../../src/incidents/index.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3600_000;
export const days = (n: number) => n * 86_400_000;

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** The app with duties (test policy: two machine-room checks, Wednesday patching, it-centre roster). */
export function startDutiesApp(policy = "checks.yaml"): Promise<TestApp> {
  // 2026-03-02T01:00Z is Monday 09:00 in Asia/Shanghai: the first shift starts.
  return startTestApp({
    start: "2026-03-02T01:00:00Z",
    features: [coreCommands, incidentsFeature, createDutiesFeature({ policyPath: fixture(policy) })],
  });
}

export function chatHelpers(t: TestApp) {
  const withButton = (channel: string, actionId: string, contains = "") =>
    [...t.chat.world.visible(channel)]
      .reverse()
      .find((m) => m.text.includes(contains) && m.buttons.flat().some((b) => b.actionId === actionId));
  const ref = (m: { channelId: string; id: string }) => ({
    platform: "memory",
    channelId: m.channelId,
    messageId: m.id,
  });
  const texts = (channel: string, viewer?: string) => t.chat.world.visible(channel, viewer).map((m) => m.text);
  return { withButton, ref, texts };
}
