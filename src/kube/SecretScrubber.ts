/**
 * Removes the credential values a cluster client holds from any text before it leaves the
 * client (error messages, Cluster.status.lastError, logs, GraphQL answers).
 *
 * Why: an API server, an auth proxy or a webhook in front of it may echo what it was sent
 * (`invalid token "..."`, a JSON body with the token, the token base64-encoded in a debug
 * line), and such messages reach unauthenticated GraphQL clients. Redacting by keyword misses
 * forms nobody thought of; the credentials themselves are known values, so every form of them
 * we can reasonably expect is removed by value. The keyword rules in classifyFailure.ts remain
 * as a second layer (for credentials the gateway does not hold, such as another user's).
 *
 * Forms covered for each value: as is, URL-encoded, JSON-escaped, hex, and base64 (standard
 * and URL alphabets, at each of the three byte alignments, so the value is found inside a
 * longer encoded string such as base64 of `user:password` or of a whole header). Out of scope:
 * encryption, compression, and fragments shorter than the whole value.
 */

/** Values shorter than this are not scrubbed by value: they would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 4;
/** Base64 fragments shorter than this match too much ordinary text to be worth removing. */
const MIN_ENCODED_LENGTH = 8;
/** Old values are kept (a rotated-out token is still a credential) up to this many. */
const MAX_SECRETS = 32;

export const REDACTED = '[redacted]';

/** The base64 text that encodes `secret` wherever it starts in a longer byte string. */
function base64Forms(secret: Buffer): string[] {
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const bytes = Buffer.concat([Buffer.alloc(shift), secret]);
    const fullGroups = Math.floor(bytes.length / 3);
    // Characters of the first group depend on the bytes before the secret, those of the last
    // partial group on the bytes after it: keep only the groups made of the secret alone.
    for (const alphabet of ['base64', 'base64url'] as const) {
      const text = bytes.toString(alphabet);
      // Encoded on its own: the whole text, its last partial group included.
      if (shift === 0) forms.push(text, text.replace(/=+$/, ''));
      const inner = text.slice(shift === 0 ? 0 : 4, fullGroups * 4);
      if (inner.length >= MIN_ENCODED_LENGTH) forms.push(inner);
    }
  }
  return forms;
}

function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), bytes.toString('hex'), bytes.toString('hex').toUpperCase(), ...base64Forms(bytes)]);
  // PEM key material: each line of its body too, since a message may quote part of the file.
  if (secret.includes('-----BEGIN')) {
    for (const line of secret.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export class SecretScrubber {
  private readonly secrets = new Map<string, string[]>();
  private patterns: string[] = [];

  /** Remember credential values (a token, a password, key material); empty and tiny ones are ignored. */
  add(...values: ReadonlyArray<string | undefined>): void {
    let changed = false;
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) continue;
      this.secrets.set(value, formsOf(value));
      changed = true;
      if (this.secrets.size > MAX_SECRETS) this.secrets.delete(this.secrets.keys().next().value as string);
    }
    // Longest first, so a value's longer form is removed whole before a shorter one inside it.
    if (changed) this.patterns = [...new Set([...this.secrets.values()].flat())].sort((a, b) => b.length - a.length);
  }

  /** `text` with every known credential form replaced by [redacted]. */
  scrub(text: string): string {
    let out = text;
    for (const p of this.patterns) if (out.includes(p)) out = out.split(p).join(REDACTED);
    return out;
  }

  get size(): number {
    return this.secrets.size;
  }
}
