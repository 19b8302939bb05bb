import { describe, expect, test } from 'vitest';
import { ApiError } from '../../../../src/sim/api/ApiError.ts';
import { base64ErrorOffset } from '../../../../src/sim/api/bytesFields.ts';
import { openApiV2Format } from '../../../../src/sim/api/openApiV2.ts';
import { queryBool, queryInt } from '../../../../src/sim/api/queryParams.ts';
import { parseRequest, type ResourceRequest } from '../../../../src/sim/api/requestInfo.ts';

const q = (text: string) => new URLSearchParams(text);

describe('boolean query parameters, as apimachinery converts them', () => {
  test.each(['true', 'True', 'TRUE', '1', 'yes', 't', ''])('%j is true', (v) => {
    expect(queryBool(q(`force=${v}`), 'force')).toBe(true);
  });
  test.each(['false', 'False', 'FALSE', '0'])('%j is false', (v) => {
    expect(queryBool(q(`force=${v}`), 'force')).toBe(false);
  });
  test('absent is false, and the first value decides', () => {
    expect(queryBool(q('other=1'), 'force')).toBe(false);
    expect(queryBool(q('force=false&force=true'), 'force')).toBe(false);
  });
});

describe('integer query parameters, as strconv.ParseInt reads them', () => {
  test('absent is undefined; signed decimal integers are read', () => {
    expect(queryInt(q(''), 'limit')).toBeUndefined();
    expect(queryInt(q('limit=500'), 'limit')).toBe(500);
    expect(queryInt(q('limit=%2B5'), 'limit')).toBe(5);
    expect(queryInt(q('limit=-1'), 'limit')).toBe(-1);
  });
  test.each([['abc', 'invalid syntax'], ['1.5', 'invalid syntax'], ['', 'invalid syntax'], ['99999999999999999999', 'value out of range']])('%j is 400: %s', (v, why) => {
    let caught: unknown;
    try { queryInt(q(`limit=${v}`), 'limit'); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).toStatus()).toMatchObject({ code: 400, reason: 'BadRequest', message: `strconv.ParseInt: parsing ${JSON.stringify(v)}: ${why}` });
  });
});

function resource(method: string, path: string): ResourceRequest {
  const route = parseRequest(method, new URL(path, 'https://sim.local'));
  if (route.route !== 'resource') throw new Error(`not a resource route: ${route.route}`);
  return route.request;
}

function refusal(method: string, path: string): ApiError {
  try {
    parseRequest(method, new URL(path, 'https://sim.local'));
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${method} ${path} was accepted`);
}

describe('request paths and verbs, as RequestInfoFactory reads them', () => {
  test('watch=True (any spelling but 0/false) turns a collection GET into a watch', () => {
    expect(resource('GET', '/api/v1/namespaces/ns/configmaps?watch=True').verb).toBe('watch');
    expect(resource('GET', '/api/v1/namespaces/ns/configmaps?watch').verb).toBe('watch');
    expect(resource('GET', '/api/v1/namespaces/ns/configmaps?watch=False').verb).toBe('list');
    expect(resource('GET', '/api/v1/namespaces/ns/configmaps?watch=0').verb).toBe('list');
  });

  test('a GET of one object stays a get whatever watch says', () => {
    expect(resource('GET', '/api/v1/namespaces/ns/pods/p?watch=true').verb).toBe('get');
  });

  test('legacy /watch/ paths are watches of a collection or of one object', () => {
    expect(resource('GET', '/api/v1/watch/namespaces/ns/configmaps')).toMatchObject({ verb: 'watch', namespace: 'ns', name: '' });
    expect(resource('GET', '/api/v1/watch/namespaces/ns/pods/p')).toMatchObject({ verb: 'watch', namespace: 'ns', name: 'p' });
    expect(resource('GET', '/api/v1/watch/pods')).toMatchObject({ verb: 'watch', namespace: '' });
    expect(resource('GET', '/apis/apps/v1/watch/deployments')).toMatchObject({ verb: 'watch', group: 'apps' });
    expect(resource('GET', '/api/v1/watch/namespaces/kube-system')).toMatchObject({ verb: 'watch', name: 'kube-system' });
    expect(refusal('POST', '/api/v1/watch/namespaces/ns/configmaps').code).toBe(405);
  });

  test.each([
    '/api/v1/namespaces/ns/pods/p/log',
    '/api/v1/namespaces/ns/serviceaccounts/default/token',
    '/api/v1/replicationcontrollers',
    '/apis/events.k8s.io/v1/events',
    '/apis/apps/v1/namespaces/ns/deployments/d/status/extra',
    '/api/v1/watch',
    '/api/v1/watch/namespaces/ns/pods/p/status',
  ])('%s is a resource the server does not have', (path) => {
    const e = refusal('GET', path);
    expect(e.toStatus()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
    });
  });
});

describe('base64 of []byte fields, as Go\'s StdEncoding decodes it', () => {
  test.each([['YWJj'], ['YQ=='], ['YWI='], [''], ['YWJj\nZGVm\r\n']])('%j decodes', (text) => {
    expect(base64ErrorOffset(text)).toBeUndefined();
  });
  test.each([
    ['not base64!', 3], ['YWJ', 0], ['YWJjZA', 4], ['YQ=', 3], ['Y===', 1], ['YQ==YQ==', 4], ['YW-j', 2], ['é', 0],
  ])('%j fails at input byte %d', (text, offset) => {
    expect(base64ErrorOffset(text)).toBe(offset);
  });
});

describe('/openapi/v2 content negotiation', () => {
  const pb = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
  test('the first acceptable clause decides; wildcards and no header are JSON; nothing acceptable is 406', () => {
    expect(openApiV2Format(undefined)).toBe('json');
    expect(openApiV2Format('application/json')).toBe('json');
    expect(openApiV2Format(pb)).toBe('protobuf');
    expect(openApiV2Format(`${pb}, application/json`)).toBe('protobuf');
    expect(openApiV2Format(`application/json;q=0, ${pb}`)).toBe('protobuf');
    expect(openApiV2Format('*/*')).toBe('json');
    expect(openApiV2Format('text/html')).toBeUndefined();
  });
});
