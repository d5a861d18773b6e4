import { coreCommands } from "../bot/core-commands.js";
import type { Feature } from "./context.js";

/** The capabilities a normal start installs, in order. */
export function shippedFeatures(): Feature[] {
  return [coreCommands];
}
