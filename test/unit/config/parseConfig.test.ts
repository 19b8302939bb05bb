import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelpRequested, parseConfig, usage } from '../../../src/config/parseConfig.ts';
import { FLAGS } from '../../../src/config/flags.ts';
import { DEFAULT_QUERY_LIMITS } from '../../../src/limits/QueryLimits.ts';
import { DEFAULT_RATE_LIMITS } from '../../../src/limits/RateLimits.ts';
import { DEFAULT_LIVE_LIMITS } from '../../../src/live/liveDefaults.ts';
import { configErrorOf } from '../../support/configErrorOf.ts';

describe('parseConfig: defaults', () => {
  it('starts in demo mode on 127.0.0.1:4000 with no flags and no environment', () => {
    expect(parseConfig([], {})).toEqual({
      host: '127.0.0.1', port: 4000, timeoutMs: 5000, concurrency: 8, chunkSize: 500, logLevel: 'info', demo: true, cache: false,
      corsOrigins: [], allowedHosts: [], maxResponseBytes: 64 * 1024 * 1024,
      limits: DEFAULT_QUERY_LIMITS, rateLimits: DEFAULT_RATE_LIMITS, live: DEFAULT_LIVE_LIMITS, introspection: true, graphiql: true,
    });
  });

  it('ignores KUBECONFIG: the demo fleet stays the default', () => {
    const config = parseConfig([], { KUBECONFIG: '/home/me/.kube/config' });
    expect(config.demo).toBe(true);
    expect(config.kubeconfig).toBeUndefined();
  });

  it('accepts an explicit --demo', () => {
    expect(parseConfig(['--demo'], {}).demo).toBe(true);
  });
});

describe('parseConfig: flags and environment', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const config = parseConfig(
      ['--host', '0.0.0.0', '--port=8080', '--kubeconfig', 'kc.yaml', '--contexts', 'a, b', '--fleet=fleet.yaml', '--timeout-ms', '2500', '--concurrency', '16', '--chunk-size', '250', '--log-level', 'debug',
        '--cors-origin', 'http://localhost:5173', '--cors-origin=https://app.example.com', '--allowed-host', 'Fleet.Internal', '--allowed-host=gw.local', '--max-response-bytes', '1048576', '--cache', '--namespaces', 'team-b, team-a'],
      {},
    );
    expect(config).toEqual({
      host: '0.0.0.0', port: 8080, kubeconfig: resolve('kc.yaml'), contexts: ['a', 'b'], fleetFile: resolve('fleet.yaml'),
      timeoutMs: 2500, concurrency: 16, chunkSize: 250, logLevel: 'debug', demo: false, cache: true, namespaces: ['team-b', 'team-a'],
      corsOrigins: ['http://localhost:5173', 'https://app.example.com'], allowedHosts: ['fleet.internal', 'gw.local'], maxResponseBytes: 1048576,
      limits: DEFAULT_QUERY_LIMITS, rateLimits: DEFAULT_RATE_LIMITS, live: DEFAULT_LIVE_LIMITS, introspection: true, graphiql: true,
    });
  });

  it('reads the subscription flags into the live limits, keeping the defaults of those not given', () => {
    expect(parseConfig(['--ws-max-subscriptions', '5', '--ws-init-timeout-ms=1500', '--ws-max-message-bytes', '2048', '--ws-max-buffered-bytes', '1048576', '--stream-history', '50000', '--stream-grace-ms', '0'], {}).live).toEqual({
      maxSubscriptionsPerConnection: 5, connectionInitWaitMs: 1500, maxMessageBytes: 2048, maxBufferedBytes: 1048576, logCapacity: 50000, graceMs: 0,
    });
    expect(parseConfig(['--stream-history', '10'], {}).live).toEqual({ ...DEFAULT_LIVE_LIMITS, logCapacity: 10 });
  });

  it('resolves --kubeconfig and --fleet to absolute paths and keeps absolute ones', () => {
    const config = parseConfig(['--kubeconfig', '/etc/kc', '--fleet', 'x/../f.yaml'], {});
    expect(config.kubeconfig).toBe('/etc/kc');
    expect(config.fleetFile).toBe(resolve('f.yaml'));
  });

  it('does not check that the fleet file exists', () => {
    expect(parseConfig(['--fleet', '/does/not/exist.yaml'], {}).fleetFile).toBe('/does/not/exist.yaml');
  });

  it('takes PORT and LOG_LEVEL from the environment, and flags over them', () => {
    expect(parseConfig([], { PORT: '9000', LOG_LEVEL: 'warn' })).toMatchObject({ port: 9000, logLevel: 'warn' });
    expect(parseConfig(['--port', '9001', '--log-level', 'error'], { PORT: '9000', LOG_LEVEL: 'warn' })).toMatchObject({ port: 9001, logLevel: 'error' });
  });

  it('does not validate an environment value a flag overrides', () => {
    expect(parseConfig(['--port', '1'], { PORT: 'junk' }).port).toBe(1);
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseConfig([], { PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 4000, logLevel: 'info' });
  });

  it('allows port 0 for an ephemeral port, and the bounds of every range', () => {
    expect(parseConfig(['--port', '0'], {}).port).toBe(0);
    expect(parseConfig(['--port', '65535', '--timeout-ms', '600000', '--concurrency', '256'], {})).toMatchObject({ port: 65535, timeoutMs: 600000, concurrency: 256 });
    expect(parseConfig(['--timeout-ms', '1', '--concurrency', '1'], {})).toMatchObject({ timeoutMs: 1, concurrency: 1 });
    expect(parseConfig(['--chunk-size', '0'], {})).toMatchObject({ chunkSize: 0 });
    expect(parseConfig(['--chunk-size', '100000'], {})).toMatchObject({ chunkSize: 100000 });
    expect(() => parseConfig(['--chunk-size=-1'], {})).toThrow('--chunk-size: expected an integer from 0 (no chunking) to 100000, got "-1"');
    expect(() => parseConfig(['--chunk-size', '100001'], {})).toThrow('--chunk-size');
  });
});

describe('parseConfig: --production, --introspection, --graphiql', () => {
  const exposure = (argv: string[]) => {
    const { introspection, graphiql } = parseConfig(argv, {});
    return { introspection, graphiql };
  };

  it('turns introspection and GraphiQL off under --production, each back on only when named', () => {
    expect(exposure([])).toEqual({ introspection: true, graphiql: true });
    expect(exposure(['--production'])).toEqual({ introspection: false, graphiql: false });
    expect(exposure(['--production', '--graphiql', 'on'])).toEqual({ introspection: false, graphiql: true });
    expect(exposure(['--introspection=on', '--production'])).toEqual({ introspection: true, graphiql: false });
  });

  it('sets each on its own without --production', () => {
    expect(exposure(['--introspection', 'off'])).toEqual({ introspection: false, graphiql: true });
    expect(exposure(['--graphiql', 'off'])).toEqual({ introspection: true, graphiql: false });
  });

  it.each([
    [['--introspection', 'no'], '--introspection: expected on or off, got "no"'],
    [['--graphiql=true'], '--graphiql: expected on or off, got "true"'],
    [['--graphiql'], '--graphiql needs a value'],
    [['--production=yes'], '--production takes no value, got "yes"'],
  ])('refuses %j', (argv, message) => {
    expect(configErrorOf(argv)).toBe(message);
  });

  it('lists the three flags in --help', () => {
    expect(usage).toMatch(/--production +production defaults: --introspection off and --graphiql off unless given/);
    expect(usage).toMatch(/--introspection on\|off +answer __schema and __type queries/);
    expect(usage).toMatch(/--graphiql on\|off +serve the GraphiQL page/);
  });
});

describe('parseConfig: --help', () => {
  it('throws HelpRequested carrying the usage text', () => {
    let caught: unknown;
    try {
      parseConfig(['--help'], {});
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HelpRequested);
    expect((caught as HelpRequested).usage).toBe(usage);
  });

  it('wins over mistakes beside it', () => {
    expect(() => parseConfig(['-h', '--bogus'], {})).toThrow(HelpRequested);
    expect(() => parseConfig(['--port', 'abc', '--help'], {})).toThrow(HelpRequested);
    expect(() => parseConfig(['--port', '--help'], {})).toThrow(HelpRequested);
  });
});

describe('usage', () => {
  it('lists every flag', () => {
    for (const f of FLAGS) expect(usage).toContain(`--${f.name}`);
  });

  it('lists the subscription flags under their own heading', () => {
    const section = usage.slice(usage.indexOf('Subscriptions (WebSocket limits and stream history; see docs/live.md):'));
    for (const name of ['ws-max-subscriptions', 'ws-init-timeout-ms', 'ws-max-message-bytes', 'ws-max-buffered-bytes', 'stream-history', 'stream-grace-ms']) {
      expect(section).toContain(`--${name}`);
    }
    expect(section).toContain(`(default ${DEFAULT_LIVE_LIMITS.maxSubscriptionsPerConnection})`);
  });

  it('states the default of every flag that takes a value', () => {
    for (const f of FLAGS.filter((f) => f.type === 'string')) expect(f.help).toMatch(/\(default[ :]/);
    expect(usage).toContain('(default 127.0.0.1)');
    expect(usage).toContain('else 4000)');
    expect(usage).toContain('(default 5000)');
    expect(usage).toContain('(default 8)');
    expect(usage).toContain('else info)');
  });

  it('says that KUBECONFIG is not read', () => {
    expect(usage).toMatch(/KUBECONFIG\s+deliberately NOT read/);
  });
});

describe('parseConfig: bad input', () => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--port', 'abc'], {}, '--port: expected an integer from 0 to 65535, got "abc"'],
    [['--port', '70000'], {}, '--port: expected an integer from 0 to 65535, got "70000"'],
    [['--port=-1'], {}, '--port: expected an integer from 0 to 65535, got "-1"'],
    [['--port', '80.5'], {}, '--port: expected an integer from 0 to 65535, got "80.5"'],
    [['--port='], {}, '--port: expected an integer from 0 to 65535, got ""'],
    [[], { PORT: 'http' }, 'PORT (environment variable): expected an integer from 0 to 65535, got "http"'],
    [['--timeout-ms', '0'], {}, '--timeout-ms: expected a positive integer (milliseconds) no greater than 600000, got "0"'],
    [['--timeout-ms', '5s'], {}, '--timeout-ms: expected a positive integer (milliseconds) no greater than 600000, got "5s"'],
    [['--timeout-ms', '600001'], {}, '--timeout-ms: expected a positive integer (milliseconds) no greater than 600000, got "600001"'],
    [['--concurrency', '0'], {}, '--concurrency: expected an integer from 1 to 256, got "0"'],
    [['--concurrency', '1e2'], {}, '--concurrency: expected an integer from 1 to 256, got "1e2"'],
    [['--log-level', 'verbose'], {}, '--log-level: expected one of debug, info, warn, error, silent, got "verbose"'],
    [[], { LOG_LEVEL: 'INFO' }, 'LOG_LEVEL (environment variable): expected one of debug, info, warn, error, silent, got "INFO"'],
    [['--host', ''], {}, '--host: expected a host name or address, got ""'],
    [['--kubeconfig='], {}, '--kubeconfig: expected a file path, got ""'],
    [['--bogus'], {}, 'unknown flag --bogus (see --help)'],
    [['--Port', '1'], {}, 'unknown flag --Port (see --help)'],
    [['-p', '1'], {}, 'unknown flag -p (see --help)'],
    [['serve'], {}, 'unexpected argument "serve": fleetgraph takes only flags (see --help)'],
    [['--', '--port'], {}, 'unexpected argument "--port": fleetgraph takes only flags (see --help)'],
    [['--port'], {}, '--port needs a value'],
    [['--port', '--kubeconfig', 'kc'], {}, '--port needs a value, got the flag "--kubeconfig" (write --port=--kubeconfig if that is the value)'],
    [['--demo=yes'], {}, '--demo takes no value, got "yes"'],
    [['--port', '1', '--port=2'], {}, '--port is given more than once ("1", then "2")'],
    [['--contexts', 'a,b'], {}, '--contexts a,b needs --kubeconfig: it picks contexts of that kubeconfig, and the demo fleet is always served whole'],
    [['--kubeconfig', 'kc', '--contexts', 'a,,b'], {}, '--contexts: expected a comma-separated list of kubeconfig context names, got "a,,b"'],
    [['--kubeconfig', 'kc', '--contexts', 'a,b,a'], {}, '--contexts: lists "a" more than once, got "a,b,a"'],
    [['--namespaces', 'team-a,,team-b'], {}, "--namespaces: expected a comma-separated list of namespace names (lowercase letters, digits and '-', at most 63 characters), got \"team-a,,team-b\""],
    [['--namespaces', 'Team-A'], {}, "--namespaces: expected a comma-separated list of namespace names (lowercase letters, digits and '-', at most 63 characters), got \"Team-A\""],
    [['--namespaces', 'a,b,a'], {}, '--namespaces: lists "a" more than once, got "a,b,a"'],
    [['--cors-origin', '*'], {}, '--cors-origin: expected an exact origin such as http://localhost:5173 (scheme, host and port only; wildcards are not accepted), got "*"'],
    [['--cors-origin', 'http://localhost:5173/'], {}, '--cors-origin: expected an exact origin such as http://localhost:5173 (scheme, host and port only; wildcards are not accepted), got "http://localhost:5173/" (did you mean "http://localhost:5173"?)'],
    [['--cors-origin', 'localhost:5173'], {}, '--cors-origin: expected an exact origin such as http://localhost:5173 (scheme, host and port only; wildcards are not accepted), got "localhost:5173"'],
    [['--allowed-host', 'gw.local:4000'], {}, '--allowed-host: expected a host name without port or scheme (e.g. fleet.internal), got "gw.local:4000"'],
    [['--max-response-bytes', '10'], {}, '--max-response-bytes: expected an integer from 1024 to 1073741824 (bytes), got "10"'],
    [['--ws-max-subscriptions', '0'], {}, '--ws-max-subscriptions: expected an integer from 1 to 10000, got "0"'],
    [['--ws-init-timeout-ms', '3s'], {}, '--ws-init-timeout-ms: expected an integer from 100 to 600000, got "3s"'],
    [['--ws-max-message-bytes', '100'], {}, '--ws-max-message-bytes: expected an integer from 1024 to 16777216, got "100"'],
    [['--stream-history=5'], {}, '--stream-history: expected an integer from 10 to 1000000, got "5"'],
    [['--kubeconfig', 'kc', '--demo'], {}, '--demo and --kubeconfig kc cannot be used together: the demo fleet is served only without a kubeconfig'],
  ];

  it.each(cases)('rejects %j with env %j: %s', (argv, env, message) => {
    expect(configErrorOf(argv, env)).toBe(message);
  });

  it('names its class ConfigError', () => {
    expect.assertions(1);
    try {
      parseConfig(['--bogus'], {});
    } catch (e) {
      expect((e as Error).name).toBe('ConfigError');
    }
  });
});
