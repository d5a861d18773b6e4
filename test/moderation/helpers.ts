import { createModerationEngine, type ModerationEngine } from "../../src/moderation/index.js";

let shared: ModerationEngine | undefined;

/** One engine per test file: compiling is the slow part and the engine is pure. */
export function engine(): ModerationEngine {
  shared ??= createModerationEngine();
  return shared;
}
