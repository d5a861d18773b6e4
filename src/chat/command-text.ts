/**
 * Splits "/report@WatchkeeperBot intrusion major …" into { name: "report", args: "intrusion major …" }.
 * Returns null for text that is not a command. Full-width slashes (／) count, as phones type them.
 */
export function parseCommandText(text: string): { name: string; args: string } | null {
  const m = /^\s*[/／]([A-Za-z][\w-]*)(?:@[\w]+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return null;
  return { name: (m[1] ?? "").toLowerCase(), args: (m[2] ?? "").trim() };
}
