import { loadConfig } from "../config/load.js";
import { type Database, openDatabase } from "../db/database.js";
import { migrate } from "../db/migrator.js";
import { type Category, createModerationEngine, type Verdict } from "../moderation/index.js";
import { createProgress } from "./progress.js";

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface RescanSummary {
  scanned: number;
  newlyFlagged: number;
  noLongerFlagged: number;
  /** Per category: messages that gained it and that lost it. */
  byCategory: Record<string, { gained: number; lost: number }>;
}

const usage = "usage: rescan [--since YYYY-MM-DD] [--group <id>] [--policy-dir DIR] [--jsonl]";

/**
 * Re-judges stored messages with the current lexicons and policy, and reports what a lexicon change
 * would have done differently — which messages it now flags and which it now clears. It only reports:
 * nothing is hidden, restored or struck, so a reviewer decides what to do with the list.
 */
export async function rescan(
  db: Database,
  options: {
    since?: Date;
    groupId?: string;
    policyDir?: string;
    jsonl?: NodeJS.WritableStream;
    progress?: Io["stderr"];
  },
): Promise<RescanSummary> {
  const engine = createModerationEngine(options.policyDir ? { policyDir: options.policyDir } : {});
  const where = {
    ...(options.since ? { sentAt: { gte: options.since } } : {}),
    ...(options.groupId ? { groupId: options.groupId } : {}),
  };
  const total = await db.prisma.storedMessage.count({ where });
  const progress = createProgress("rescan", total, options.progress);
  const groups = new Map((await db.prisma.chatGroup.findMany()).map((g) => [g.id, g]));
  const summary: RescanSummary = { scanned: 0, newlyFlagged: 0, noLongerFlagged: 0, byCategory: {} };
  let after: string | undefined;
  for (;;) {
    const rows = await db.prisma.storedMessage.findMany({
      where: { ...where, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: 500,
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const row of rows) {
      const before = (row.verdict as Verdict | null)?.categories ?? [];
      const now = engine.moderate({
        text: row.text,
        attachments: (row.attachments ?? []) as { name: string }[],
        groupExternal: row.groupId ? (groups.get(row.groupId)?.external ?? false) : false,
        senderIsKnownPerson: row.senderPersonId !== null,
        ...(row.senderName ? { senderName: row.senderName } : {}),
      });
      const gained = now.categories.filter((c) => !before.includes(c));
      const lost = before.filter((c) => !now.categories.includes(c as Category));
      const tally = (c: string) => {
        const entry = summary.byCategory[c] ?? { gained: 0, lost: 0 };
        summary.byCategory[c] = entry;
        return entry;
      };
      for (const c of gained) tally(c).gained += 1;
      for (const c of lost) tally(c).lost += 1;
      if (before.length === 0 && now.flagged) summary.newlyFlagged += 1;
      if (before.length > 0 && !now.flagged) summary.noLongerFlagged += 1;
      if ((gained.length || lost.length) && options.jsonl) {
        options.jsonl.write(
          `${JSON.stringify({ id: row.id, sentAt: row.sentAt, group: row.groupId, before, after: now.categories, action: now.action })}\n`,
        );
      }
      summary.scanned += 1;
      progress.tick();
    }
  }
  progress.done();
  return summary;
}

/** `watchkeeper rescan`: re-judges stored history after a lexicon change (report only). */
export async function runRescan(argv: string[], io: Io): Promise<number> {
  let since: Date | undefined;
  let groupId: string | undefined;
  let policyDir: string | undefined;
  let jsonl = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--since" && argv[i + 1]) {
      since = new Date(`${argv[++i]}T00:00:00+08:00`);
      if (Number.isNaN(since.getTime())) {
        io.stderr.write(`rescan: --since must be a date (YYYY-MM-DD)\n${usage}\n`);
        return 2;
      }
    } else if (a === "--group" && argv[i + 1]) groupId = argv[++i];
    else if (a === "--policy-dir" && argv[i + 1]) policyDir = argv[++i];
    else if (a === "--jsonl") jsonl = true;
    else {
      io.stderr.write(`rescan: unexpected "${a}"\n${usage}\n`);
      return 2;
    }
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    const s = await rescan(db, {
      ...(since ? { since } : {}),
      ...(groupId ? { groupId } : {}),
      ...(policyDir ? { policyDir } : {}),
      ...(jsonl ? { jsonl: io.stdout } : {}),
      progress: io.stderr,
    });
    const cats = Object.entries(s.byCategory)
      .map(([c, v]) => `${c} +${v.gained}/-${v.lost}`)
      .join(", ");
    (jsonl ? io.stderr : io.stdout).write(
      `rescanned ${s.scanned} messages: ${s.newlyFlagged} newly flagged, ${s.noLongerFlagged} no longer flagged${cats ? ` (${cats})` : ""}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
