import { simulate } from "../incidents/simulation/run.js";
import { reportError } from "./io.js";

const usage = "usage: watchkeeper simulate <scenario.yaml> [--redis <url>|--no-redis]\n";

/**
 * `watchkeeper simulate <scenario.yaml>`: runs a scenario on a virtual clock against a fresh in-memory
 * database and the real engine, printing the bot's effects as JSON lines in time order. Which timer
 * backend ran (BullMQ on Redis, or the in-memory stand-in) goes to stderr.
 */
export async function runSimulate(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  let file: string | undefined;
  let redisUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--redis") redisUrl = argv[++i];
    else if (a === "--no-redis") redisUrl = "none";
    else if (a === "-h" || a === "--help") {
      io.stdout.write(usage);
      return 0;
    } else if (!file && !a.startsWith("-")) file = a;
    else {
      io.stderr.write(`watchkeeper simulate: unexpected argument ${a}\n${usage}`);
      return 2;
    }
  }
  if (!file) {
    io.stderr.write(usage);
    return 2;
  }
  try {
    await simulate(file, {
      ...(redisUrl ? { redisUrl } : {}),
      onLine: (line) => io.stdout.write(`${JSON.stringify(line)}\n`),
      onInfo: (text) => io.stderr.write(`watchkeeper simulate: ${text}\n`),
    });
    return 0;
  } catch (e) {
    return reportError(e, io.stderr);
  }
}
