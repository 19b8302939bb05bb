import { describe, expect, it } from 'vitest';
import { checkServerUrl, redactServerUrl } from '../../../src/fleet/checkServerUrl.ts';

const NOT_HTTP = 'is not an http(s) URL';
const CREDENTIALS = 'carries credentials (user info before "@"); put them in the kubeconfig user instead';
const QUERY = 'has a query or fragment; a server URL may have only a scheme, host, port and path';

describe('checkServerUrl', () => {
  it.each([
    'https://127.0.0.1:6443', 'http://127.0.0.1:8001', 'https://k8s.example', 'https://k8s.example/',
    'https://rancher.example/k8s/clusters/c-abc12', 'https://[::1]:6443', 'HTTPS://K8S.EXAMPLE:443',
  ])('accepts %s', (server) => {
    expect(checkServerUrl(server)).toBeUndefined();
  });

  it.each([
    ['', NOT_HTTP], ['localhost:6443', NOT_HTTP], ['k8s.example', NOT_HTTP], ['/var/run/k8s.sock', NOT_HTTP],
    ['ftp://k8s.example', NOT_HTTP], ['file:///etc/passwd', NOT_HTTP], ['unix:///var/run/k8s.sock', NOT_HTTP],
    ['ws://k8s.example', NOT_HTTP], ['javascript:alert(1)', NOT_HTTP], ['https://', NOT_HTTP],
    ['https://user:pass@k8s.example', CREDENTIALS], ['https://user@k8s.example', CREDENTIALS],
    ['https://:pass@k8s.example:6443', CREDENTIALS], ['http://a@b@k8s.example', CREDENTIALS],
    ['https://k8s.example/?token=abc', QUERY], ['https://k8s.example?', QUERY], ['https://k8s.example/#x', QUERY],
  ])('refuses %j: %s', (server, problem) => {
    expect(checkServerUrl(server)).toBe(problem);
  });
});

describe('redactServerUrl', () => {
  it.each([
    ['https://user:s3cret@k8s.example:6443/p', 'https://***@k8s.example:6443/p'],
    ['http://a@b:pw@k8s.example', 'http://***@k8s.example'],
    ['user:s3cret@k8s.example', '***@k8s.example'],
    ['https://k8s.example:6443', 'https://k8s.example:6443'],
  ])('shows %j as %j', (raw, shown) => {
    expect(redactServerUrl(raw)).toBe(shown);
  });
});
