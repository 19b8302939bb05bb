/**
 * Static bearer tokens from a file (`--tokens FILE`), in kube-apiserver's `--token-auth-file`
 * format, so a file written for a cluster works here too:
 *
 *     token,user,uid,"group1,group2"
 *
 * One record per line; at least three columns (token, user name, uid; uid may be empty); the
 * fourth, optional, is a comma-separated group list (quoted when it has several); further columns
 * are ignored; empty lines are skipped; there are no comments (as in kube-apiserver, a `#` line is
 * a record, and is refused here for having too few columns). Stricter than kube-apiserver, which
 * warns and goes on: an empty token, an empty user name or a token listed twice stops start-up,
 * since each is a mistake that would otherwise lock someone out or let the wrong identity in.
 * Errors name the file and line and never show a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Authenticator } from './Authenticator.ts';
import type { Identity } from './Identity.ts';
import { CsvSyntaxError, parseCsv } from './parseCsv.ts';
import { TokenFileError } from './TokenFileError.ts';

interface Entry {
  /** SHA-256 of the token: what is compared (see `authenticate`). The token itself is not kept. */
  digest: Buffer;
  identity: Identity;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** One line of a token file: the token as written, and the identity it names. */
export interface TokenRecord {
  line: number;
  token: string;
  identity: Identity;
}

/**
 * The records of a token file's text, checked as described above; a TokenFileError names the
 * line and problem (and `path`, only for messages). The simulator reads its `--users` file with
 * this too, so both sides accept exactly the same files.
 */
export function readTokenRecords(text: string, path: string): TokenRecord[] {
  const at = (line: number) => `token file ${path}, line ${line}`;
  let records;
  try {
    records = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new TokenFileError(`${at(e.line)}, column ${e.column}: ${e.message}`);
    throw e;
  }
  const out: TokenRecord[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length < 3) {
      throw new TokenFileError(`${at(line)}: expected at least 3 columns (token,user,uid[,"group1,group2"]), found ${fields.length}${fields[0]?.startsWith('#') ? ' (comments are not supported, as in kube-apiserver\'s token file)' : ''}`);
    }
    const [token, user, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '') throw new TokenFileError(`${at(line)}: the token (column 1) is empty`);
    if (user === '') throw new TokenFileError(`${at(line)}: the user name (column 2) is empty`);
    // Keyed by digest, so that no token is kept in a second structure longer than needed.
    const key = sha256(token).toString('hex');
    const first = lineOf.get(key);
    if (first !== undefined) throw new TokenFileError(`${at(line)}: the same token as line ${first} (each token must name one identity)`);
    lineOf.set(key, line);
    const groupList = groups === undefined || groups === '' ? [] : groups.split(',');
    if (groupList.some((g) => g === '')) throw new TokenFileError(`${at(line)}: the group list (column 4) has an empty group name`);
    out.push({ line, token, identity: Object.freeze({ user, ...(uid === '' ? {} : { uid }), groups: Object.freeze(groupList) }) });
  }
  if (out.length === 0) throw new TokenFileError(`token file ${path}: holds no tokens (expected lines of token,user,uid[,"group1,group2"])`);
  return out;
}

export class TokenFile implements Authenticator {
  private constructor(private readonly path: string, private readonly entries: readonly Entry[]) {}

  /** How many tokens the file holds. */
  get size(): number {
    return this.entries.length;
  }

  /** Reads and parses the file; a TokenFileError names a missing, unreadable or malformed one. */
  static async load(path: string): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TokenFileError(`--tokens ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'unknown error'})`}`);
    }
    return TokenFile.parse(text, path);
  }

  /** Parses the file's text; `path` is only for messages. */
  static parse(text: string, path: string): TokenFile {
    const entries = readTokenRecords(text, path).map(({ token, identity }) => ({ digest: sha256(token), identity }));
    return new TokenFile(path, entries);
  }

  async authenticate(bearer: string): Promise<Identity | null> {
    // Why (security): a comparison that stops at the first differing byte lets an attacker who
    // times many guesses learn a token byte by byte. Comparing fixed-length SHA-256 digests with
    // timingSafeEqual, against every entry without stopping early, takes the same time whatever
    // matched and however long the guess is. Out of scope: the number of entries is not hidden,
    // and guessing itself is limited only by the tokens' entropy (rate limits come later).
    const digest = sha256(bearer);
    let found: Identity | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest)) found = entry.identity;
    }
    return found;
  }

  describe(): string {
    return `bearer tokens from ${this.path} (${this.entries.length} token${this.entries.length === 1 ? '' : 's'})`;
  }
}
