/** A progress indicator for a long command. */
export interface Progress {
  /** Marks `n` more items done (default 1). */
  tick(n?: number): void;
  /** Finishes the bar (draws it full and ends the line); further ticks are ignored. */
  done(): void;
}

const width = 24;

/**
 * A progress bar on stderr for long commands (imports, exports, purges). It draws only on a terminal;
 * in a pipe or a log file it writes nothing, so scripted output stays clean. It redraws only when
 * the visible bar or percentage changes, so a million ticks cost a hundred writes, not a million.
 */
export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stderr,
): Progress {
  const tty = stream.isTTY === true;
  let done = 0;
  let finished = false;
  let last = "";

  const draw = () => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const percent = Math.floor(ratio * 100);
    const key = `${filled}:${percent}`;
    if (key === last) return;
    last = key;
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}% ${Math.min(done, total)}/${total}`;
    // \r returns to the line start; \x1b[K clears what a longer previous line left behind.
    stream.write(`\r${line}\x1b[K`);
  };

  return {
    tick(n = 1) {
      if (finished) return;
      done += n;
      if (tty) draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (!tty) return;
      done = Math.max(done, total);
      draw();
      stream.write("\n");
    },
  };
}
