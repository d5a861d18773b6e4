import { CodedError } from "../core/errors.js";

/** Prints an error as one clear line (the code in brackets) and returns the exit code. */
export function reportError(e: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (e instanceof CodedError) {
    stderr.write(`watchkeeper: ${e.message} [${e.code}]\n`);
    return 1;
  }
  stderr.write(`watchkeeper: ${(e as Error)?.stack ?? String(e)}\n`);
  return 1;
}
