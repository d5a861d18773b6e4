import type { AdapterEnv } from "../chat/adapter.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { PrismaClient } from "../db/database.js";
import type { HttpRouter } from "../http/router.js";

/** The durable services one adapter gets: de-duplication receipts and a small state store in the database. */
export function adapterEnv(
  platform: string,
  deps: { prisma: PrismaClient; http: HttpRouter; logger: Logger; clock: Clock; commands: AdapterEnv["commands"] },
): AdapterEnv {
  const { prisma } = deps;
  return {
    http: deps.http,
    logger: deps.logger.child({ platform }),
    clock: deps.clock,
    commands: deps.commands,
    async firstTime(key) {
      // ON CONFLICT DO NOTHING: the row count says whether this process is the first to see the key.
      const r = await prisma.inboundReceipt.createMany({ data: [{ platform, key }], skipDuplicates: true });
      return r.count === 1;
    },
    state: {
      async get<T>(key: string) {
        const row = await prisma.adapterState.findUnique({ where: { platform_key: { platform, key } } });
        return row?.value as T | undefined;
      },
      async set(key, value) {
        await prisma.adapterState.upsert({
          where: { platform_key: { platform, key } },
          create: { platform, key, value: value as object },
          update: { value: value as object },
        });
      },
    },
  };
}
