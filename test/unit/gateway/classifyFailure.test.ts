/**
 * The one error table: every HTTP status and network errno it knows, what it does with the
 * rest, the metrics API special case, and the scrubbing and capping of Kubernetes Status
 * messages before they can reach a client.
 */
import { describe, expect, test } from 'vitest';
import { classifyHttpStatus, classifyNetworkError, malformedAnswer, scrubStatusMessage, timeoutError } from '../../../src/kube/classifyFailure.ts';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { ERROR_CODES } from '../../../src/kube/errorCodes.ts';

const pods = { cluster: 'prod-eu', resource: 'pods', group: '' };

/** The fields of a ClusterError that clients and logs see. */
const fields = (e: ClusterError) => ({ cluster: e.cluster, code: e.code, message: e.message, resource: e.resource, status: e.status });

describe('classifyHttpStatus', () => {
  test.each([
    [400, 'BAD_USER_INPUT', 'HTTP 400'],
    [401, 'UNAUTHENTICATED', 'the cluster rejected the credentials'],
    [403, 'FORBIDDEN', 'forbidden'],
    [404, 'NOT_FOUND', 'not found'],
    [409, 'CONFLICT', 'HTTP 409'],
    [410, 'UPSTREAM_ERROR', 'HTTP 410'],
    [422, 'BAD_USER_INPUT', 'HTTP 422'],
    [429, 'RATE_LIMITED', 'rate limited by the cluster'],
    [504, 'CLUSTER_TIMEOUT', 'the cluster timed out'],
  ] as const)('maps HTTP %i to %s, saying "%s" when the cluster sent no Status message', (status, code, words) => {
    const e = classifyHttpStatus(pods, status);
    expect(e).toBeInstanceOf(ClusterError);
    expect(fields(e)).toEqual({ cluster: 'prod-eu', code, message: `cluster "prod-eu": pods: ${words}`, resource: 'pods', status });
  });

  test.each([402, 405, 408, 413, 418, 500, 501, 502, 503, 599])('maps any other status (%i) to UPSTREAM_ERROR', (status) => {
    expect(fields(classifyHttpStatus(pods, status))).toEqual({
      cluster: 'prod-eu', code: 'UPSTREAM_ERROR', message: `cluster "prod-eu": pods: HTTP ${status}`, resource: 'pods', status,
    });
  });

  test('uses the cluster\'s Status message in place of its own words', () => {
    const e = classifyHttpStatus(pods, 403, 'pods is forbidden: User "bob" cannot list resource "pods"');
    expect(e.message).toBe('cluster "prod-eu": pods: pods is forbidden: User "bob" cannot list resource "pods"');
    expect(e.code).toBe('FORBIDDEN');
  });

  test('a 404 from metrics.k8s.io means the cluster has no metrics API: METRICS_UNAVAILABLE', () => {
    const e = classifyHttpStatus({ cluster: 'dev', resource: 'nodes.metrics.k8s.io', group: 'metrics.k8s.io' }, 404, '404 page not found');
    expect(fields(e)).toEqual({
      cluster: 'dev', code: 'METRICS_UNAVAILABLE', message: 'cluster "dev" serves no metrics API (metrics.k8s.io/v1beta1), so usage is unknown there',
      resource: 'nodes.metrics.k8s.io', status: 404,
    });
  });

  test('other failures of metrics.k8s.io, and 404s of other groups, keep their own codes', () => {
    expect(classifyHttpStatus({ cluster: 'dev', resource: 'pods.metrics.k8s.io', group: 'metrics.k8s.io' }, 403).code).toBe('FORBIDDEN');
    expect(classifyHttpStatus({ cluster: 'dev', resource: 'pods.metrics.k8s.io', group: 'metrics.k8s.io' }, 503).code).toBe('UPSTREAM_ERROR');
    expect(classifyHttpStatus({ cluster: 'dev', resource: 'deployments', group: 'apps' }, 404).code).toBe('NOT_FOUND');
    expect(classifyHttpStatus({ cluster: 'dev', resource: 'nodes' }, 404).code).toBe('NOT_FOUND');
  });

  test('every code it gives is one of the closed set', () => {
    for (let status = 400; status < 600; status++) {
      expect(ERROR_CODES).toContain(classifyHttpStatus(pods, status).code);
      expect(ERROR_CODES).toContain(classifyHttpStatus({ ...pods, group: 'metrics.k8s.io' }, status).code);
    }
  });
});

describe('classifyNetworkError', () => {
  test.each([
    ['ECONNREFUSED', 'CLUSTER_UNREACHABLE', 'is unreachable (connection refused)'],
    ['ECONNRESET', 'CLUSTER_UNREACHABLE', 'is unreachable (connection reset)'],
    ['EPIPE', 'CLUSTER_UNREACHABLE', 'is unreachable (connection closed)'],
    ['EHOSTUNREACH', 'CLUSTER_UNREACHABLE', 'is unreachable (host unreachable)'],
    ['ENETUNREACH', 'CLUSTER_UNREACHABLE', 'is unreachable (network unreachable)'],
    ['ENOTFOUND', 'CLUSTER_UNREACHABLE', 'is unreachable (host name not found)'],
    ['EAI_AGAIN', 'CLUSTER_UNREACHABLE', 'is unreachable (host name lookup failed)'],
    ['ETIMEDOUT', 'CLUSTER_TIMEOUT', 'timed out (connection timed out)'],
    ['ECONNABORTED', 'CLUSTER_UNREACHABLE', 'is unreachable (connection aborted)'],
    ['UND_ERR_SOCKET', 'CLUSTER_UNREACHABLE', 'is unreachable (connection closed)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS: self-signed certificate not trusted)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS: self-signed certificate in chain not trusted)'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS: server certificate not trusted)'],
    ['CERT_HAS_EXPIRED', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS: server certificate expired)'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS: server certificate does not match the host name)'],
    ['EPROTO', 'CLUSTER_UNREACHABLE', 'is unreachable (TLS or protocol error)'],
  ] as const)('maps %s to %s', (errno, code, words) => {
    // The raw message may carry addresses, paths or secrets: it must not be echoed.
    const raw = Object.assign(new Error(`connect ${errno} 10.0.0.1:6443 token=abc123`), { code: errno });
    expect(fields(classifyNetworkError(pods, raw))).toEqual({ cluster: 'prod-eu', code, message: `cluster "prod-eu" ${words}`, resource: 'pods', status: undefined });
  });

  test('an errno it does not know is CLUSTER_UNREACHABLE naming the errno, and the raw text is never echoed', () => {
    const e = classifyNetworkError(pods, Object.assign(new Error('secret detail /home/me/.kube/token'), { code: 'EWEIRD' }));
    expect(fields(e)).toEqual({ cluster: 'prod-eu', code: 'CLUSTER_UNREACHABLE', message: 'cluster "prod-eu" is unreachable (network error EWEIRD)', resource: 'pods', status: undefined });
  });

  test('an error without an errno, or not an Error at all, is a plain network error', () => {
    expect(classifyNetworkError(pods, new Error('boom')).message).toBe('cluster "prod-eu" is unreachable (network error)');
    expect(classifyNetworkError(pods, 'boom').message).toBe('cluster "prod-eu" is unreachable (network error)');
    expect(classifyNetworkError(pods, { code: 42 }).message).toBe('cluster "prod-eu" is unreachable (network error)');
    expect(classifyNetworkError(pods, null).code).toBe('CLUSTER_UNREACHABLE');
  });
});

describe('our own failures', () => {
  test('timeoutError says how long we waited, and whether it was for a connection slot', () => {
    expect(fields(timeoutError(pods, 5000))).toEqual({ cluster: 'prod-eu', code: 'CLUSTER_TIMEOUT', message: 'cluster "prod-eu" did not answer within 5000 ms', resource: 'pods', status: undefined });
    expect(timeoutError(pods, 1500, true).message).toBe('cluster "prod-eu" did not answer within 1500 ms while waiting for one of its connection slots');
  });

  test('malformedAnswer is UPSTREAM_ERROR with the HTTP status', () => {
    expect(fields(malformedAnswer(pods, 200))).toEqual({
      cluster: 'prod-eu', code: 'UPSTREAM_ERROR', message: 'cluster "prod-eu": pods: the answer (HTTP 200) is not Kubernetes JSON', resource: 'pods', status: 200,
    });
  });
});

describe('scrubStatusMessage', () => {
  test('keeps an ordinary Status message as it is', () => {
    expect(scrubStatusMessage('pods "web-1" not found')).toBe('pods "web-1" not found');
  });

  test('gives nothing for an absent, empty or non-string message', () => {
    for (const m of [undefined, null, '', 42, { message: 'x' }]) expect(scrubStatusMessage(m)).toBeUndefined();
  });

  test('folds a multi-line message onto one line', () => {
    expect(scrubStatusMessage('  first line\n\tsecond   line\r\n')).toBe('first line second line');
  });

  test.each([
    ['Unauthorized: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl was rejected', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl', 'Unauthorized: Bearer [redacted] was rejected'],
    ['sent bearer abc-DEF_123~+/= to the server', 'abc-DEF_123~+/=', 'sent bearer [redacted] to the server'],
    ['Basic dXNlcjpodW50ZXIy refused', 'dXNlcjpodW50ZXIy', 'Basic [redacted] refused'],
    ['invalid token: s3cr3t-t0ken in request', 's3cr3t-t0ken', 'invalid token=[redacted] in request'],
    ['password=hunter2 is wrong', 'hunter2', 'password=[redacted] is wrong'],
    ['header Authorization:xyz789 dropped', 'xyz789', 'header Authorization=[redacted] dropped'],
  ])('redacts credentials: %s', (message, secret, scrubbed) => {
    const out = scrubStatusMessage(message);
    expect(out).toBe(scrubbed);
    expect(out).not.toContain(secret);
  });

  test('a bearer token in a Status message never reaches the error a client sees', () => {
    const e = classifyHttpStatus(pods, 401, scrubStatusMessage('token rejected: Bearer sha256~AbCdEf0123456789'));
    expect(e.message).toBe('cluster "prod-eu": pods: token rejected: Bearer [redacted]');
  });

  test('caps the message at 300 characters, marking the cut', () => {
    expect(scrubStatusMessage('x'.repeat(300))).toBe('x'.repeat(300));
    const long = scrubStatusMessage('y'.repeat(301));
    expect(long).toBe(`${'y'.repeat(297)}...`);
    expect(long).toHaveLength(300);
    expect(scrubStatusMessage('z'.repeat(100_000))).toHaveLength(300);
  });

  test('scrubs before it cuts, so a token across the cut is not half kept', () => {
    const message = `${'a '.repeat(140)}Bearer ${'T'.repeat(100)}`;
    const out = scrubStatusMessage(message) ?? '';
    expect(out).not.toContain('TTTT');
    expect(out.endsWith('Bearer [redacted]')).toBe(true);
  });
});
