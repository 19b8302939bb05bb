/**
 * A unified diff of two texts (`diff -u`'s format, three lines of context), what `kubectl diff`
 * shows and what a plan answers per object. Objects are a few hundred YAML lines, and a plan's
 * changes are usually few: the common head and tail are cut first, the rest diffed by longest
 * common subsequence; a middle too large for that is shown as removed and added, and a diff
 * longer than `maxChars` is cut with a note (a plan over 50 clusters multiplies every byte).
 */

export interface DiffOptions {
  /** @default 'a' */
  fromName?: string;
  /** @default 'b' */
  toName?: string;
  /** @default 3 */
  context?: number;
  /** Longest diff returned; longer ones are cut with a note saying how much was left out. @default 65536 */
  maxChars?: number;
}

type Op = [' ' | '-' | '+', string];

/** Above this many cells (middle lines from × middle lines to) the middle is not searched for common lines. */
const MAX_LCS_CELLS = 4_000_000;

/** '' when the texts are equal. */
export function unifiedDiff(from: string, to: string, options: DiffOptions = {}): string {
  if (from === to) return '';
  const a = splitLines(from);
  const b = splitLines(to);
  const ops = diffLines(a, b);
  const context = options.context ?? 3;
  const out: string[] = [`--- ${options.fromName ?? 'a'}`, `+++ ${options.toName ?? 'b'}`];
  // Hunks: runs of changes with up to `context` unchanged lines around them, merged when close.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]![0] === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]![0] !== ' ') end++;
      let gap = end;
      while (gap < ops.length && ops[gap]![0] === ' ') gap++;
      if (gap < ops.length && gap - end <= 2 * context) {
        end = gap;
        continue;
      }
      end = Math.min(ops.length, end + context);
      break;
    }
    const [aStart, bStart] = positionAt(ops, start);
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter(([k]) => k !== '+').length;
    const bLen = hunk.filter(([k]) => k !== '-').length;
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@`);
    for (const [k, line] of hunk) out.push(k + line);
    i = end;
  }
  const text = `${out.join('\n')}\n`;
  const max = options.maxChars ?? 65_536;
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  const kept = text.slice(0, cut > 0 ? cut + 1 : max);
  return `${kept}... diff cut at ${max} characters (${text.length - kept.length} more)\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function range(start: number, length: number): string {
  // diff -u: a hunk of zero lines names the line before it.
  if (length === 0) return `${start},0`;
  return length === 1 ? `${start + 1}` : `${start + 1},${length}`;
}

/** 0-based line numbers in `a` and `b` where op `index` starts. */
function positionAt(ops: readonly Op[], index: number): [number, number] {
  let a = 0;
  let b = 0;
  for (let k = 0; k < index; k++) {
    const kind = ops[k]![0];
    if (kind !== '+') a++;
    if (kind !== '-') b++;
  }
  return [a, b];
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((l) => [' ', l]);
  if (am.length * bm.length > MAX_LCS_CELLS) {
    for (const l of am) ops.push(['-', l]);
    for (const l of bm) ops.push(['+', l]);
  } else {
    ops.push(...lcsOps(am, bm));
  }
  for (const l of a.slice(a.length - tail)) ops.push([' ', l]);
  return ops;
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] = a[i] === b[j]
        ? lengths[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(lengths[(i + 1) * (m + 1) + j]!, lengths[i * (m + 1) + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push([' ', a[i]!]);
      i++;
      j++;
    } else if (lengths[(i + 1) * (m + 1) + j]! >= lengths[i * (m + 1) + j + 1]!) {
      ops.push(['-', a[i]!]);
      i++;
    } else {
      ops.push(['+', b[j]!]);
      j++;
    }
  }
  while (i < n) ops.push(['-', a[i++]!]);
  while (j < m) ops.push(['+', b[j++]!]);
  return ops;
}
