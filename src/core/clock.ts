/** Time is injected everywhere, so deadlines run on a fake clock in tests and simulations. */
export interface Clock {
  now(): Date;
  /** Called after the clock jumps (fake clocks only); timers use it to re-check what is due. */
  onAdvance?(listener: (now: Date) => void | Promise<void>): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. `advance` awaits every listener, so effects have settled when it returns. */
export class FakeClock implements Clock {
  private t: number;
  private readonly listeners = new Set<(now: Date) => void | Promise<void>>();

  constructor(start: Date | string | number = "2026-03-02T01:00:00Z") {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  onAdvance(listener: (now: Date) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async set(to: Date | string | number): Promise<void> {
    const next = new Date(to).getTime();
    if (next < this.t) throw new Error("FakeClock cannot go backwards");
    this.t = next;
    for (const l of [...this.listeners]) await l(this.now());
  }

  async advance(ms: number): Promise<void> {
    await this.set(this.t + ms);
  }
}

/** Parses durations such as 90s, 20m, 3h, 2d, 1w (or a plain number of milliseconds). */
export function parseDuration(s: string | number): number {
  if (typeof s === "number") return s;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(s);
  if (!m) throw new Error(`not a duration: "${s}" (use e.g. 30s, 20m, 24h, 2d)`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2] as "ms"];
  return Math.round(n * unit);
}
