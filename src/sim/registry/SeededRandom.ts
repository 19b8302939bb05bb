/**
 * Deterministic randomness for one simulated cluster (uids, generated name suffixes, pod IPs,
 * metric noise): the same seed gives the same cluster, so tests and benchmarks repeat exactly.
 */

/** The alphabet kube-apiserver uses for generateName suffixes (no vowels, no confusable digits). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HEX_DIGITS = '0123456789abcdef';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: small, fast, and good enough for simulation. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  // Built as arrays and joined: a string grown by `+=` is a chain of one V8 cons-string per
  // character (about 2 KB for a 64-character container id) for as long as it is stored.
  suffix(length: number): string {
    const out = new Array<string>(length);
    for (let i = 0; i < length; i++) out[i] = SUFFIX_ALPHABET[this.int(SUFFIX_ALPHABET.length)] as string;
    return out.join('');
  }

  hex(length: number): string {
    const out = new Array<string>(length);
    for (let i = 0; i < length; i++) out[i] = HEX_DIGITS[this.int(16)] as string;
    return out.join('');
  }

  /** A version-4 UUID. */
  uuid(): string {
    const variant = (8 + this.int(4)).toString(16);
    return [this.hex(8), '-', this.hex(4), '-4', this.hex(3), '-', variant, this.hex(3), '-', this.hex(12)].join('');
  }
}
