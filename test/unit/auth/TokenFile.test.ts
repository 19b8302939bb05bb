/**
 * The token file as kube-apiserver's `--token-auth-file` reads it (Go encoding/csv, at least three
 * columns, optional quoted group list), with the stricter checks of TokenFile.ts; every bad file
 * gets an error naming the file, line and problem, and no error ever shows a token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { authenticateBearer, connectionParamsAuthorization, TokenFile, TokenFileError } from '../../../src/auth/index.ts';
import { parseCsv } from '../../../src/auth/parseCsv.ts';

const PATH = '/etc/fleetgraph/tokens.csv';

describe('parseCsv (Go encoding/csv as kube-apiserver uses it)', () => {
  test('plain and quoted fields, "" for a quote, newlines in quotes, CRLF, empty lines skipped, lines counted', () => {
    expect(parseCsv('a,b,c\r\n\n"x,y","say ""hi""","multi\nline"\nlast,,\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 3, fields: ['x,y', 'say "hi"', 'multi\nline'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  test('spaces are kept (no trimming) and a file without a final newline ends its last record', () => {
    expect(parseCsv(' a , b,c')).toEqual([{ line: 1, fields: [' a ', ' b', 'c'] }]);
  });
});

describe('TokenFile.parse: good files', () => {
  test('token, user, uid and a quoted group list; groups optional; extra columns ignored; uid may be empty', async () => {
    const file = TokenFile.parse([
      'ci-secret-1,ci-bot,1001,"deployers,readers"',
      'alice-secret,alice,42',
      '',
      'bob-secret,bob,,viewers,extra-column',
    ].join('\n'), PATH);
    expect(file.size).toBe(3);
    expect(await file.authenticate('ci-secret-1')).toEqual({ user: 'ci-bot', uid: '1001', groups: ['deployers', 'readers'] });
    expect(await file.authenticate('alice-secret')).toEqual({ user: 'alice', uid: '42', groups: [] });
    expect(await file.authenticate('bob-secret')).toEqual({ user: 'bob', groups: ['viewers'] });
  });

  test('accepts only exact tokens: not a prefix, not a longer string, not another case, not empty', async () => {
    const file = TokenFile.parse('s3cret-token,alice,1\n', PATH);
    for (const guess of ['s3cret', 's3cret-token ', 's3cret-token2', 'S3CRET-TOKEN', '']) expect(await file.authenticate(guess)).toBeNull();
    expect(await file.authenticate('s3cret-token')).not.toBeNull();
  });

  test('a UTF-8 byte-order mark at the start is not part of the first token', async () => {
    expect(await TokenFile.parse('\uFEFFtok,alice,1', PATH).authenticate('tok')).toEqual({ user: 'alice', uid: '1', groups: [] });
  });

  test('describe names the file and the count, not the tokens', () => {
    const text = TokenFile.parse('tok-a,a,1\ntok-b,b,2\n', PATH).describe();
    expect(text).toBe(`bearer tokens from ${PATH} (2 tokens)`);
  });
});

describe('TokenFile.parse: bad files name the file, line and problem, and never a token', () => {
  const cases: Array<[string, string, string]> = [
    ['two columns', 'good-token,alice,1\nSECRETTOKEN,bob\n', `token file ${PATH}, line 2: expected at least 3 columns (token,user,uid[,"group1,group2"]), found 2`],
    ['a comment line', '# SECRETTOKEN,comment\nt,a,1\n', `token file ${PATH}, line 1: expected at least 3 columns (token,user,uid[,"group1,group2"]), found 2 (comments are not supported, as in kube-apiserver's token file)`],
    ['an empty token', 't,a,1\n,bob,2\n', `token file ${PATH}, line 2: the token (column 1) is empty`],
    ['an empty user', 'SECRETTOKEN,,2\n', `token file ${PATH}, line 1: the user name (column 2) is empty`],
    ['a duplicate token', 'SECRETTOKEN,alice,1\nother,bob,2\n\nSECRETTOKEN,mallory,3\n', `token file ${PATH}, line 4: the same token as line 1 (each token must name one identity)`],
    ['an empty group name', 'SECRETTOKEN,alice,1,"a,,b"\n', `token file ${PATH}, line 1: the group list (column 4) has an empty group name`],
    ['an unclosed quote', 'SECRETTOKEN,alice,1,"a,b\n', `token file ${PATH}, line 1, column 21: a quoted field is not closed (missing ")`],
    ['a bare quote', 'SECRET"TOKEN,alice,1\n', `token file ${PATH}, line 1, column 7: a quote (") inside a field that does not start with one; quote the whole field and write the quote as ""`],
    ['text after a closing quote', 'ok,a,1\n"SECRETTOKEN"x,alice,1\n', `token file ${PATH}, line 2, column 14: unexpected text after a closing quote (a quote inside a quoted field is written "")`],
    ['no tokens at all', '\n\n', `token file ${PATH}: holds no tokens (expected lines of token,user,uid[,"group1,group2"])`],
  ];
  test.each(cases)('%s', (_what, text, message) => {
    let error: unknown;
    try {
      TokenFile.parse(text, PATH);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokenFileError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain('SECRET');
  });
});

describe('TokenFile.load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-tokens-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads a file, and names a missing one or a directory', async () => {
    const path = join(dir, 'tokens.csv');
    writeFileSync(path, 'tok,alice,1,admins\n');
    expect(await (await TokenFile.load(path)).authenticate('tok')).toEqual({ user: 'alice', uid: '1', groups: ['admins'] });
    await expect(TokenFile.load(join(dir, 'nope.csv'))).rejects.toThrow(`--tokens ${join(dir, 'nope.csv')}: no such file`);
    await expect(TokenFile.load(dir)).rejects.toThrow(`--tokens ${dir}: is a directory, not a file`);
  });
});

describe('authenticateBearer: the one check of both transports', () => {
  const file = TokenFile.parse('tok-1,alice,1,devs\n', PATH);
  test.each([
    [undefined, { refused: 'missing' }],
    ['', { refused: 'missing' }],
    [42, { refused: 'missing' }],
    ['tok-1', { refused: 'invalid' }],
    ['Basic dG9rLTE=', { refused: 'invalid' }],
    ['Bearer ', { refused: 'invalid' }],
    ['Bearer tok-1 extra', { refused: 'invalid' }],
    ['Bearer wrong', { refused: 'invalid' }],
    ['Bearer tok-1', { identity: { user: 'alice', uid: '1', groups: ['devs'] } }],
    ['bearer   tok-1', { identity: { user: 'alice', uid: '1', groups: ['devs'] } }],
  ] as const)('%j → %j', async (authorization, outcome) => {
    expect(await authenticateBearer(file, authorization)).toEqual(outcome);
  });

  test('connectionParams: `authorization` in any case, else nothing', () => {
    expect(connectionParamsAuthorization({ authorization: 'Bearer x' })).toBe('Bearer x');
    expect(connectionParamsAuthorization({ Authorization: 'Bearer y' })).toBe('Bearer y');
    expect(connectionParamsAuthorization({ token: 'x' })).toBeUndefined();
    expect(connectionParamsAuthorization(undefined)).toBeUndefined();
  });
});
