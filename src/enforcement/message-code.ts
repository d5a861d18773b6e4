/** The short reference of a stored message shown in chat: the first 8 hex digits of its uuid. */
export function messageCode(storedId: string): string {
  return storedId.slice(0, 8);
}

/** Turns a typed reference back into the prefix to look up, or null when it is not one. */
export function parseMessageCode(text: string): string | null {
  const s = text.trim().toLowerCase();
  return /^[0-9a-f]{8}$/.test(s) ? s : null;
}
