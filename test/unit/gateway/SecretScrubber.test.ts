/**
 * The SecretScrubber removes known credential values in every form we expect an upstream to
 * echo them; scrubStatusMessage uses it first and keyword rules second.
 */
import { describe, expect, test } from 'vitest';
import { scrubStatusMessage } from '../../../src/kube/classifyFailure.ts';
import { SecretScrubber } from '../../../src/kube/SecretScrubber.ts';

const TOKEN = 'k8s-T0ken+with/odd=chars_0123456789';

function scrubber(...values: string[]): SecretScrubber {
  const s = new SecretScrubber();
  s.add(...values);
  return s;
}

describe('SecretScrubber', () => {
  test.each([
    ['as is', TOKEN],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['JSON-escaped', JSON.stringify(TOKEN).slice(1, -1)],
    ['hex', Buffer.from(TOKEN).toString('hex')],
    ['HEX', Buffer.from(TOKEN).toString('hex').toUpperCase()],
    ['base64', Buffer.from(TOKEN).toString('base64')],
    ['base64url', Buffer.from(TOKEN).toString('base64url')],
  ])('removes the token %s', (_how, form) => {
    const out = scrubber(TOKEN).scrub(`before ${form} after`);
    expect(out).toBe('before [redacted] after');
  });

  test.each(['Bearer ', 'x', 'xy', 'user:'])('removes the token inside a longer base64 string (prefix %j)', (prefix) => {
    const encoded = Buffer.from(`${prefix}${TOKEN} and more`).toString('base64');
    const out = scrubber(TOKEN).scrub(`got ${encoded}`);
    // What is left cannot be decoded back into the token.
    expect(Buffer.from(out.replace('got ', ''), 'base64').toString()).not.toContain(TOKEN);
    expect(out).toContain('[redacted]');
  });

  test('removes every line of PEM key material, however the message folds it', () => {
    const body = Array.from({ length: 4 }, (_, i) => `${String.fromCharCode(65 + i).repeat(60)}0123`);
    const pem = `-----BEGIN PRIVATE KEY-----\n${body.join('\n')}\n-----END PRIVATE KEY-----\n`;
    const s = scrubber(pem);
    expect(s.scrub(`bad key ${body[2]} here`)).toBe('bad key [redacted] here');
    const message = scrubStatusMessage(`cannot parse:\n${pem}`, s) ?? '';
    for (const line of body) expect(message).not.toContain(line);
  });

  test('ignores values too short to scrub without mangling ordinary words, and keeps old values', () => {
    const s = scrubber('abc', '');
    expect(s.size).toBe(0);
    s.add('old-token-1234', 'new-token-5678');
    expect(s.scrub('old-token-1234 new-token-5678')).toBe('[redacted] [redacted]');
  });
});

describe('scrubStatusMessage keyword layer (credentials the gateway does not hold)', () => {
  test.each([
    ['{"token":"abcdef123456"} rejected', 'abcdef123456'],
    ['token "zyxwvu987654" is invalid', 'zyxwvu987654'],
    ["password 'hunter2hunter2' refused", 'hunter2hunter2'],
    ['client_secret=ssss1111 bad', 'ssss1111'],
    ['got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_1 from the client', 'eyJzdWIiOiIxIn0'],
  ])('%s', (message, secret) => {
    const out = scrubStatusMessage(message) ?? '';
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  test('leaves ordinary Kubernetes messages alone', () => {
    for (const m of ['secrets "db" not found', 'serviceaccounts "default" is forbidden: User "bob" cannot get resource "serviceaccounts/token"', 'pods is forbidden: User "x" cannot list resource "pods"']) {
      expect(scrubStatusMessage(m)).toBe(m);
    }
  });
});
