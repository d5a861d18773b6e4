import { describe, expect, it } from "vitest";
import { slackConfigFromEnv } from "../../../adapters/slack/config.js";

describe("slackConfigFromEnv", () => {
  it("returns null when SLACK_BOT_TOKEN is unset", () => {
    expect(slackConfigFromEnv({ SLACK_SIGNING_SECRET: "s" })).toBeNull();
  });

  it("reads every variable and defaults the Web API to Slack's own", () => {
    const c = slackConfigFromEnv({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_ADMIN_USER_TOKEN: "xoxp-2",
    });
    expect(c).toEqual({
      botToken: "xoxb-1",
      signingSecret: "s",
      apiUrl: "https://slack.com/api/",
      adminUserToken: "xoxp-2",
    });
  });

  it("adds the trailing slash Bolt's slackApiUrl needs", () => {
    const c = slackConfigFromEnv({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    expect(c?.apiUrl).toBe("http://127.0.0.1:9/api/");
  });

  it("accepts Socket Mode without a signing secret", () => {
    const c = slackConfigFromEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-3" });
    expect(c?.appToken).toBe("xapp-3");
  });

  it.each([
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_SIGNING_SECRET"],
    [{ SLACK_BOT_TOKEN: "xoxp-wrong-kind", SLACK_SIGNING_SECRET: "s" }, "SLACK_BOT_TOKEN"],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: "not a url" }, "SLACK_API_URL"],
    [
      { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_ADMIN_USER_TOKEN: "xoxb-1" },
      "SLACK_ADMIN_USER_TOKEN",
    ],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-1" }, "SLACK_APP_TOKEN"],
  ])("throws a one-line error naming the variable for %j", (env, name) => {
    let error: unknown;
    try {
      slackConfigFromEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "watchkeeper_config_invalid" });
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain("\n");
    // The value itself may be a secret: it is never echoed.
    expect(message).not.toContain("xoxb-1");
  });
});
