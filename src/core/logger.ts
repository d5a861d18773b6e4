import { pino } from "pino";

export type Logger = pino.Logger;

/** Keys whose values never reach a log line. */
const redactPaths = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "signingSecret",
  "*.signingSecret",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-slack-signature"]',
  'headers["x-telegram-bot-api-secret-token"]',
  "databaseUrl",
  "*.databaseUrl",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  return pino(
    { level, redact: { paths: redactPaths, censor: "[redacted]" }, base: { app: "watchkeeper" } },
    options.destination,
  );
}

/** A logger that drops everything, for tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: "silent" });

/** Strips credentials from a connection URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "[unparseable url]";
  }
}
