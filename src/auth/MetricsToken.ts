/**
 * The scrape credential of `/metrics` (`--metrics-token-file FILE`): one bearer token, the whole
 * file (a trailing newline is ignored), as Prometheus reads its `credentials_file`. It is accepted
 * on `/metrics` only: it names no caller and reaches no cluster. Kept as a SHA-256 digest and
 * compared in constant time, as the token file's tokens are (TokenFile.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TokenFileError } from './TokenFileError.ts';

/** Shorter tokens are refused: a scrape token guessed gives every cluster's name to the guesser. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class MetricsToken {
  private constructor(readonly path: string, private readonly digest: Buffer) {}

  /** Reads the file; a TokenFileError names a missing, unreadable or malformed one (never showing the token). */
  static async load(path: string): Promise<MetricsToken> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TokenFileError(`--metrics-token-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'unknown error'})`}`);
    }
    return MetricsToken.parse(text, path);
  }

  /** `path` is for messages only. */
  static parse(text: string, path: string): MetricsToken {
    const token = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
    const bad = (why: string) => new TokenFileError(`--metrics-token-file ${path}: ${why}`);
    if (token === '') throw bad('is empty (expected one bearer token, e.g. from `openssl rand -hex 32`)');
    if (/\s/.test(token)) throw bad('holds white space or several lines (expected one bearer token on one line)');
    if (token.length < MIN_METRICS_TOKEN_LENGTH) throw bad(`the token has ${token.length} characters, fewer than ${MIN_METRICS_TOKEN_LENGTH} (make one with \`openssl rand -hex 32\`)`);
    return new MetricsToken(path, sha256(token));
  }

  /** Whether `bearer` is this token; constant time whatever it is. */
  matches(bearer: string): boolean {
    return timingSafeEqual(sha256(bearer), this.digest);
  }
}
