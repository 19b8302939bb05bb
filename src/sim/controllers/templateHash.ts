/**
 * Pod-template hashes as kube's controller.ComputeHash makes them: FNV-32a over the template
 * (plus the collision count when there is one), written in decimal and then mapped through
 * `rand.SafeEncodeString`, so names look like `web-7d9f8c6b5` (8-10 characters of
 * "bcdfghjklmnpqrstvwxz2456789"). Deterministic: the same template always gives the same hash,
 * which is what lets `kubectl rollout undo` land on the existing ReplicaSet.
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so that equal objects hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte mapped into an alphabet without vowels or look-alikes. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount) text += `#${collisionCount}`;
  return safeEncode(String(fnv32a(text)));
}

/** A number in [0, 1) from a string: stable pseudo-randomness for sizes, usage, offsets. */
export function unitHash(text: string): number {
  // FNV alone barely moves the high bits when only the last character changes; mix (murmur3 fmix32).
  let h = fnv32a(text);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
