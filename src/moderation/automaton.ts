/** Set bits in a 32-bit word. */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * Aho–Corasick automaton over integer symbols (code points or pinyin syllable ids).
 * Everything is flat typed arrays over integer states: a rank/select root row, single-child
 * arrays, one open-addressing hash table for the remaining transitions, and fail/output links.
 * Building never scans sibling lists (65,000 terms compile in well under 300 ms) and matching
 * allocates nothing.
 */
export class Automaton {
  private readonly rootSize: number;
  /**
   * The root's children as a rank/select bitmap: bit s says a pattern starts with symbol s, and
   * the child is rootDense[rootRank[s >> 5] + set bits below s in its word]. About 8 KB + 8 KB +
   * 4 bytes per first symbol, so it stays in L1 where a 256 KB dense row would miss the cache on
   * nearly every character of a message.
   */
  private readonly rootBits: Uint32Array;
  private rootRank: Int32Array;
  private rootDense: Int32Array;
  /** Dense root row, only while building. */
  private rootRow: Int32Array;
  /**
   * Most trie nodes have at most one child: its symbol (-1 none; -2 several, see the hash) and
   * target, read with one array access instead of hash probes.
   */
  private single: Int32Array;
  private singleTo: Int32Array;
  /** Open-addressing slots of 4 ints (node, symbol, target, unused) for nodes with several children. */
  private table: Int32Array;
  private mask: number;
  private readonly fail: Int32Array;
  /** First pattern ending exactly at a node (-1 none); further ones chained through patNext. */
  private readonly out: Int32Array;
  private readonly patNext: Int32Array;
  /** Nearest node with an output on the fail chain, the node itself included (-1 none). */
  private readonly report: Int32Array;
  /** Pattern id → length in symbols. */
  readonly patternLength: Int32Array;
  readonly nodeCount: number;
  /** Matches of the last {@link find}: pattern id and end index, interleaved. */
  found = new Int32Array(64);

  /** Builds the automaton; pattern i keeps id i in match results. Empty patterns are ignored. */
  constructor(patterns: readonly (readonly number[])[], rootSize = 0x10000) {
    let symbols = 0;
    for (const p of patterns) symbols += p.length;
    this.rootSize = rootSize;
    this.rootRow = new Int32Array(rootSize).fill(-1);
    this.rootBits = new Uint32Array((rootSize + 31) >>> 5);
    this.rootRank = new Int32Array(0);
    this.rootDense = new Int32Array(0);
    // While inserting, every edge goes to a hash sized for the worst case (each symbol a new
    // node), so insertion never rehashes; single-child nodes move out of it afterwards.
    const cap = symbols + 1;
    this.single = new Int32Array(cap).fill(-2);
    this.singleTo = new Int32Array(cap);
    this.mask = 0;
    this.table = this.emptyTable(symbols);
    const firstChild = new Int32Array(cap).fill(-1);
    const nextSibling = new Int32Array(cap).fill(-1);
    const nodeSym = new Int32Array(cap);
    const outList = new Int32Array(cap).fill(-1);
    const patNext = new Int32Array(patterns.length).fill(-1);
    const patternLength = new Int32Array(patterns.length);
    let nodes = 1;
    for (let id = 0; id < patterns.length; id++) {
      const p = patterns[id]!;
      patternLength[id] = p.length;
      if (p.length === 0) continue;
      let node = 0;
      for (const sym of p) {
        let next = node === 0 && sym >= 0 && sym < rootSize ? this.rootRow[sym]! : this.child(node, sym);
        if (next < 0) {
          next = nodes++;
          nodeSym[next] = sym;
          nextSibling[next] = firstChild[node]!;
          firstChild[node] = next;
          this.put(node, sym, next);
        }
        node = next;
      }
      patNext[id] = outList[node]!;
      outList[node] = id;
    }
    this.nodeCount = nodes;
    this.compact(nodes, firstChild, nextSibling, nodeSym);
    this.compactRoot();
    this.patternLength = patternLength;
    this.patNext = patNext;
    this.out = outList.slice(0, nodes);
    this.fail = new Int32Array(nodes);
    this.report = new Int32Array(nodes).fill(-1);
    const queue = new Int32Array(nodes);
    let head = 0;
    let tail = 0;
    for (let c = firstChild[0]!; c >= 0; c = nextSibling[c]!) {
      queue[tail++] = c;
      if (outList[c]! >= 0) this.report[c] = c;
    }
    while (head < tail) {
      const node = queue[head++]!;
      for (let child = firstChild[node]!; child >= 0; child = nextSibling[child]!) {
        const sym = nodeSym[child]!;
        let f = this.fail[node]!;
        let target = this.child(f, sym);
        while (target < 0 && f !== 0) {
          f = this.fail[f]!;
          target = this.child(f, sym);
        }
        const fl = Math.max(target, 0); // no proper suffix continues with sym: the root
        this.fail[child] = fl;
        this.report[child] = outList[child]! >= 0 ? child : this.report[fl]!;
        queue[tail++] = child;
      }
    }
  }

  private emptyTable(edges: number): Int32Array {
    let size = 16;
    while (size < edges * 2) size <<= 1;
    this.mask = size - 1;
    const table = new Int32Array(size * 4);
    for (let i = 0; i < table.length; i += 4) table[i] = -1;
    return table;
  }

  // Final layout: single-child and leaf nodes in `single`, the rest in a hash at most half full.
  private compact(nodes: number, firstChild: Int32Array, nextSibling: Int32Array, nodeSym: Int32Array): void {
    const single = new Int32Array(nodes);
    const singleTo = new Int32Array(nodes);
    let multiEdges = 0;
    for (let node = 0; node < nodes; node++) {
      const c = firstChild[node]!;
      if (node !== 0 && c < 0) single[node] = -1;
      else if (node !== 0 && nextSibling[c]! < 0) {
        single[node] = nodeSym[c]!;
        singleTo[node] = c;
      } else {
        single[node] = -2;
        for (let e = c; e >= 0; e = nextSibling[e]!) multiEdges++;
      }
    }
    this.single = single;
    this.singleTo = singleTo;
    this.table = this.emptyTable(multiEdges);
    for (let node = 0; node < nodes; node++) {
      if (single[node] !== -2) continue;
      for (let c = firstChild[node]!; c >= 0; c = nextSibling[c]!) this.put(node, nodeSym[c]!, c);
    }
  }

  private compactRoot(): void {
    const words = this.rootBits.length;
    this.rootRank = new Int32Array(words);
    let count = 0;
    for (let w = 0; w < words; w++) {
      this.rootRank[w] = count;
      count += popcount(this.rootBits[w]!);
    }
    this.rootDense = new Int32Array(count);
    for (let sym = 0, k = 0; sym < this.rootSize; sym++)
      if (this.rootRow[sym]! >= 0) this.rootDense[k++] = this.rootRow[sym]!;
    this.rootRow = new Int32Array(0);
  }

  private slot(node: number, sym: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(sym + 1, 0x85ebca77)) & this.mask;
  }

  private put(node: number, sym: number, to: number): void {
    if (node === 0 && sym >= 0 && sym < this.rootSize) {
      this.rootRow[sym] = to;
      this.rootBits[sym >>> 5]! |= 1 << (sym & 31);
      return;
    }
    let s = this.slot(node, sym);
    while (this.table[s * 4] !== -1) s = (s + 1) & this.mask;
    this.table[s * 4] = node;
    this.table[s * 4 + 1] = sym;
    this.table[s * 4 + 2] = to;
  }

  /** The child of `node` on `sym`, or -1. */
  child(node: number, sym: number): number {
    if (node === 0 && sym >= 0 && sym < this.rootSize) {
      const word = this.rootBits[sym >>> 5]!;
      const bit = 1 << (sym & 31);
      return word & bit ? this.rootDense[this.rootRank[sym >>> 5]! + popcount(word & (bit - 1))]! : -1;
    }
    const one = this.single[node]!;
    if (one !== -2) return one === sym ? this.singleTo[node]! : -1;
    const table = this.table;
    const mask = this.mask;
    let s = this.slot(node, sym);
    for (;;) {
      const hn = table[s * 4]!;
      if (hn === -1) return -1;
      if (hn === node && table[s * 4 + 1] === sym) return table[s * 4 + 2]!;
      s = (s + 1) & mask;
    }
  }

  /**
   * Runs the automaton over `symbols[0..length)`; a negative symbol resets to the root.
   * Stores every occurrence of every pattern in {@link found} as (pattern id, end index
   * inclusive) pairs, in order of end index, and returns how many there are.
   */
  find(symbols: ArrayLike<number>, length: number): number {
    return this.findMapped(symbols, length, undefined);
  }

  /**
   * {@link find} over `map[symbols[i]]` (0 or a symbol outside the map resets to the root), so a
   * caller can scan one alphabet through another (code points as pinyin syllables) without a copy.
   */
  findMapped(symbols: ArrayLike<number>, length: number, map: ArrayLike<number> | undefined): number {
    const fail = this.fail;
    const out = this.out;
    const report = this.report;
    const patNext = this.patNext;
    const rootRank = this.rootRank;
    const rootDense = this.rootDense;
    const rootBits = this.rootBits;
    const rootSize = this.rootSize;
    const table = this.table;
    const mask = this.mask;
    const single = this.single;
    const singleTo = this.singleTo;
    let found = this.found;
    let count = 0;
    let state = 0;
    const mapSize = map ? map.length : 0;
    for (let i = 0; i < length; i++) {
      let sym = symbols[i]!;
      if (map) sym = sym < mapSize ? map[sym]! || -1 : -1;
      if (sym < 0) {
        state = 0;
        continue;
      }
      // Inlined child(): this loop is the matcher's hot path.
      const symKey = Math.imul(sym + 1, 0x85ebca77);
      for (;;) {
        let next = -1;
        if (state === 0 && sym < rootSize) {
          const word = rootBits[sym >>> 5]!;
          const bit = 1 << (sym & 31);
          if (word & bit) next = rootDense[rootRank[sym >>> 5]! + popcount(word & (bit - 1))]!;
        } else if (single[state] !== -2) {
          if (single[state] === sym) next = singleTo[state]!;
        } else {
          let s = (Math.imul(state, 0x9e3779b1) ^ symKey) & mask;
          for (;;) {
            const hn = table[s * 4]!;
            if (hn === -1) break;
            if (hn === state && table[s * 4 + 1] === sym) {
              next = table[s * 4 + 2]!;
              break;
            }
            s = (s + 1) & mask;
          }
        }
        if (next >= 0) {
          state = next;
          break;
        }
        if (state === 0) break;
        state = fail[state]!;
      }
      for (let node = report[state]!; node >= 0; node = report[fail[node]!]!) {
        for (let p = out[node]!; p >= 0; p = patNext[p]!) {
          if (count * 2 + 2 > found.length) {
            const bigger = new Int32Array(found.length * 2);
            bigger.set(found);
            found = bigger;
            this.found = found;
          }
          found[count * 2] = p;
          found[count * 2 + 1] = i;
          count++;
        }
      }
    }
    return count;
  }

  /** Calls `onMatch(patternId, endIndexInclusive)` for every occurrence of every pattern (see {@link find}). */
  scan(symbols: ArrayLike<number>, length: number, onMatch: (pattern: number, end: number) => void): void {
    const count = this.find(symbols, length);
    const found = this.found;
    for (let k = 0; k < count; k++) onMatch(found[k * 2]!, found[k * 2 + 1]!);
  }
}
