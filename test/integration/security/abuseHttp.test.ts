/**
 * The abuse suite over HTTP (cases and their documented outcomes: abuseHttpCases.ts). For every
 * case: the answer has the documented status, error code and message; a normal query sent at the
 * same time is answered correctly; and no write reached any cluster. No timing is asserted.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GOOD_AUTH, normalAnswered, nothingWritten, rawHttp, startAbuseGateway, TOKEN, type AbuseGateway } from './abuseGateway.ts';
import { HTTP_CASES, type HttpCase } from './abuseHttpCases.ts';
import { firstError, send, type HttpAnswer } from './securitySupport.ts';

let g: AbuseGateway;

beforeAll(async () => {
  g = await startAbuseGateway('ab');
}, 60_000);

afterAll(async () => {
  await g?.stop();
});

async function sendCase(c: HttpCase): Promise<HttpAnswer> {
  if (c.raw !== undefined) {
    const { host } = new URL(g.url);
    const answer = await rawHttp(g.url, Buffer.from(c.raw.replace('HOST', host).replace('TOKEN', TOKEN), 'latin1'));
    let body: HttpAnswer['body'] = answer.text;
    try { body = JSON.parse(answer.text) as HttpAnswer['body']; } catch { /* not JSON (Node's own 400/431) */ }
    return { status: answer.status, headers: new Headers(), body };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: GOOD_AUTH };
  if (c.jwt) headers.authorization = `Bearer ${await c.jwt(g.issuer)}`;
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  return send(g.url, { method: c.method, headers, body: c.body, search: c.search });
}

describe.each(HTTP_CASES.map((c) => ({ ...c, label: `${c.group}: ${c.name}` })))('$label', (c) => {
  test(`answers ${c.expected.status}${c.expected.code ? ` ${c.expected.code}` : ''}; a normal query is answered meanwhile; nothing is written`, async () => {
    const [answer] = await Promise.all([sendCase(c), normalAnswered(g)]);
    const error = firstError(answer.body);
    if (process.env.ABUSE_PROBE) {
      appendFileSync(process.env.ABUSE_PROBE, `${JSON.stringify({ case: c.name, status: answer.status, code: error?.extensions?.code, message: error?.message.slice(0, 300), body: typeof answer.body === 'string' ? answer.body.slice(0, 200) : undefined })}\n`);
    }
    expect(answer.status).toBe(c.expected.status);
    if (c.expected.code !== undefined) expect(error?.extensions?.code).toBe(c.expected.code);
    if (c.expected.message !== undefined) expect(error?.message).toMatch(c.expected.message);
    if (c.expected.status === 200 && c.expected.code === undefined) {
      expect(typeof answer.body === 'object' && answer.body.errors).toBeUndefined();
    }
    // No client mistake is ever an internal error.
    expect(error?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    await normalAnswered(g);
    nothingWritten(g);
  });
});

test('no case polluted Object.prototype', () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
