/**
 * The bookkeeping of normalise(): a stage's edits, the text they make, and the runs that map the new text back
 * to the old, so that a span of the normalised text finds the original span the user sees.
 */

/** An Int32Array twice as long, holding the same values. */
function grown(column: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(column.length * 2);
  bigger.set(column);
  return bigger;
}

/**
 * The edits of one stage, in order and not overlapping: edit k replaces [start(k), end(k)) with insert(k).
 * Typed columns and a table of the distinct inserts, not one object per edit: a stage may make an edit at every
 * other character of a megabyte, and a garbage collector scans a growing array of objects (or of boxed numbers)
 * at every young-generation collection, which makes the time of a linear pass grow faster than its input.
 */
export class Edits {
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private insertIds = new Int32Array(64);
  private readonly inserts: string[] = [];
  private readonly insertId = new Map<string, number>();
  length = 0;

  add(start: number, end: number, insert: string): void {
    if (this.length === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.insertIds = grown(this.insertIds);
    }
    let id = this.insertId.get(insert);
    if (id === undefined) {
      id = this.inserts.length;
      this.inserts.push(insert);
      this.insertId.set(insert, id);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.insertIds[this.length] = id;
    this.length++;
  }

  start(k: number): number {
    return this.starts[k] as number;
  }

  end(k: number): number {
    return this.ends[k] as number;
  }

  insert(k: number): string {
    return this.inserts[this.insertIds[k] as number] as string;
  }
}

/**
 * Joins many pieces into one string, holding at most a few hundred of them at a time (for the same reason as
 * `Edits`: a long-lived array of small strings is rescanned at every young-generation collection).
 */
class Builder {
  private pieces: string[] = [];
  private readonly chunks: string[] = [];

  push(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length === 256) {
      this.chunks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  text(): string {
    this.chunks.push(this.pieces.join(''));
    this.pieces = [];
    return this.chunks.join('');
  }
}

/**
 * Where a stage's output came from: its runs in order, each either kept from the input (`kept`: the run's
 * characters are the input's from `from` on) or inserted for the replaced input span [from, to). One entry per
 * run, not per character, in typed columns: a stage that changes little costs little, and one that changes much
 * allocates no object per change.
 */
export class Runs {
  /** where run k starts in the output */
  readonly out: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** 1 where run k is kept from the input, 0 where it was inserted */
  readonly kept: Uint8Array;
  count = 0;

  constructor(capacity: number) {
    this.out = new Int32Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.kept = new Uint8Array(capacity);
  }

  add(out: number, from: number, to: number, kept: boolean): void {
    const k = this.count++;
    this.out[k] = out;
    this.from[k] = from;
    this.to[k] = to;
    this.kept[k] = kept ? 1 : 0;
  }

  /** where run k ends in the output */
  end(k: number, outputLength: number): number {
    return k + 1 < this.count ? (this.out[k + 1] as number) : outputLength;
  }
}

export function applyEdits(input: string, edits: Edits): { text: string; runs: Runs } {
  const pieces = new Builder();
  // each edit adds at most one kept run before it and one inserted run; one kept run may follow the last
  const runs = new Runs(2 * edits.length + 1);
  let out = 0;
  let at = 0;
  const keep = (end: number): void => {
    if (end <= at) return;
    pieces.push(input.slice(at, end));
    runs.add(out, at, end, true);
    out += end - at;
  };
  for (let k = 0; k < edits.length; k++) {
    const start = edits.start(k);
    const insert = edits.insert(k);
    keep(start);
    if (insert !== '') {
      pieces.push(insert);
      runs.add(out, start, edits.end(k), false);
      out += insert.length;
    }
    at = edits.end(k);
  }
  keep(input.length);
  return { text: pieces.text(), runs };
}

/** The run that holds output character `pos` (binary search; runs are in order and cover the output), or -1. */
function runAt(runs: Runs, outputLength: number, pos: number): number {
  let low = 0;
  let high = runs.count - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (pos < (runs.out[mid] as number)) high = mid - 1;
    else if (pos >= runs.end(mid, outputLength)) low = mid + 1;
    else return mid;
  }
  return -1;
}

/** The input span that the output span [start, end) of one stage came from. */
export function throughStage(stage: AppliedStage, start: number, end: number): { start: number; end: number } {
  const { runs, inputLength, outputLength } = stage;
  const first = runAt(runs, outputLength, start);
  const firstFrom = runs.from[first] as number;
  const from = first === -1 ? inputLength : runs.kept[first] === 1 ? firstFrom + (start - (runs.out[first] as number)) : firstFrom;
  if (end <= start) return { start: from, end: from };
  const last = runAt(runs, outputLength, end - 1);
  const to = last === -1 ? inputLength : runs.kept[last] === 1 ? (runs.from[last] as number) + (end - 1 - (runs.out[last] as number)) + 1 : (runs.to[last] as number);
  return { start: from, end: Math.max(from, to) };
}

export interface AppliedStage {
  runs: Runs;
  inputLength: number;
  outputLength: number;
}

/** A stage: the edits of one pass over the text, in order, not overlapping. */
export type Stage = (text: string) => Edits;

/** The edits of one global regex pass, each match replaced by what `replace` returns (null keeps it). */
export function regexStage(pattern: RegExp, replace: (match: RegExpExecArray, text: string) => string | null): Stage {
  return (text) => {
    const edits = new Edits();
    const finder = new RegExp(pattern.source, pattern.flags);
    for (let match = finder.exec(text); match !== null; match = finder.exec(text)) {
      if (match[0] === '') {
        finder.lastIndex++;
        continue;
      }
      const insert = replace(match, text);
      if (insert !== null && insert !== match[0]) edits.add(match.index, match.index + match[0].length, insert);
    }
    return edits;
  };
}
