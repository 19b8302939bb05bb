/**
 * Which OpenTelemetry environment turns tracing on, where spans go, and the clear refusal of
 * settings fleetgraph cannot honour (a bad URL, gRPC, another exporter).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../../src/config/ConfigError.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { Tracing, tracesEndpoint, tracingFromEnv } from '../../../src/telemetry/index.ts';

const logger = createLogger('silent');
const made: Tracing[] = [];
const make = (env: Record<string, string>) => {
  const t = tracingFromEnv(env, logger);
  if (t) made.push(t);
  return t;
};
afterEach(async () => {
  await Promise.all(made.splice(0).map((t) => t.shutdown()));
});

describe('tracing is off', () => {
  test.each([
    ['without an endpoint', {}],
    ['with an empty endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }],
    ['with OTEL_SDK_DISABLED=true', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }],
    ['with OTEL_TRACES_EXPORTER=none', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }],
  ])('%s', (_what, env) => {
    expect(make(env)).toBeUndefined();
  });
});

describe('where spans are sent', () => {
  test.each([
    ['the general endpoint gets /v1/traces', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    ['a trailing slash is not doubled', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp/' }, 'https://collector.example/otlp/v1/traces'],
    ['the traces endpoint is used as given, and wins', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' }, 'http://b:4318/custom'],
  ])('%s', (_what, env, url) => {
    expect(tracesEndpoint(env)).toBe(url);
    expect(make(env)).toBeInstanceOf(Tracing);
  });
});

describe('settings it cannot honour are refused, naming the variable', () => {
  test.each([
    ['a URL without its scheme', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318": expected an http:\/\/ or https:\/\/ URL/],
    ['no URL at all', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="not a url": not a URL/],
    ['gRPC', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL=grpc: fleetgraph sends OTLP over HTTP/],
    ['another exporter', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'zipkin' }, /^OTEL_TRACES_EXPORTER="zipkin": fleetgraph exports traces over OTLP only/],
  ])('%s', (_what, env, message) => {
    expect(() => make(env)).toThrow(ConfigError);
    expect(() => make(env)).toThrow(message);
  });
});
