import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClusterSpecs } from '../../../src/fleet/loadClusterSpecs.ts';
import { parseFleetFile } from '../../../src/fleet/fleetFile.ts';
import { fleetErrorOf, kubeconfigOf, tempDir } from './support.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const defaults = { timeoutMs: 5000, concurrency: 8 };
const kubeconfigPath = dir.write('kubeconfig', kubeconfigOf(['dev-eu', 'prod-eu']));
const KEY_RULE = 'the name must consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';
const VALUE_RULE = 'it must be empty or consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';

describe('fleet file: bad files', () => {
  /** [what is wrong, file text, the message after "fleet file <path>: "] */
  const cases: Array<[string, string, string]> = [
    ['a YAML syntax error', 'clusters:\n  prod-eu:\n    labels: { env: prod\n', 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } at line 4, column 1'],
    ['a duplicate key', 'clusters:\n  prod-eu: {}\n  prod-eu: {}\n', 'YAML syntax error: Map keys must be unique at line 3, column 3'],
    ['an empty document', '# nothing yet\n', 'expected a mapping with "clusters" and optional "defaults", got an empty document'],
    ['a list at the top', '- prod-eu\n', 'expected a mapping with "clusters" and optional "defaults", got a list'],
    ['an unknown top-level key', 'deafults: { timeoutMs: 1 }\n', 'deafults: unknown key; expected defaults or clusters'],
    ['an unknown key in defaults', 'defaults: { timeout: 1 }\n', 'defaults.timeout: unknown key; expected timeoutMs, concurrency, chunkSize, cache or namespaces'],
    ['labels in defaults', 'defaults: { labels: { env: prod } }\n', 'defaults.labels: unknown key; expected timeoutMs, concurrency, chunkSize, cache or namespaces'],
    ['an unknown key in a cluster', 'clusters:\n  prod-eu: { lables: { env: prod } }\n', 'clusters.prod-eu.lables: unknown key; expected labels, timeoutMs, concurrency, chunkSize, cache or namespaces'],
    ['clusters as a list', 'clusters:\n  - prod-eu\n', 'clusters: must be a mapping from kubeconfig context names to cluster settings, got a list'],
    ['a cluster entry that is a string', 'clusters:\n  prod-eu: fast\n', 'clusters.prod-eu: must be a mapping with labels, timeoutMs, concurrency, chunkSize, cache or namespaces, got "fast"'],
    ['a word for timeoutMs', 'clusters:\n  prod-eu: { timeoutMs: fast }\n', 'clusters.prod-eu.timeoutMs: must be a positive integer (milliseconds), got "fast"'],
    ['a quoted number for timeoutMs', 'clusters:\n  prod-eu: { timeoutMs: "3000" }\n', 'clusters.prod-eu.timeoutMs: must be a positive integer (milliseconds), got "3000"'],
    ['timeoutMs 0', 'defaults: { timeoutMs: 0 }\n', 'defaults.timeoutMs: must be a positive integer (milliseconds), got 0'],
    ['a fractional timeoutMs', 'clusters:\n  dev-eu: { timeoutMs: 1.5 }\n', 'clusters.dev-eu.timeoutMs: must be a positive integer (milliseconds), got 1.5'],
    ['timeoutMs above ten minutes', 'clusters:\n  prod-eu: { timeoutMs: 600001 }\n', 'clusters.prod-eu.timeoutMs: must be at most 600000 (10 minutes), got 600001'],
    ['an empty timeoutMs', 'clusters:\n  prod-eu:\n    timeoutMs:\n', 'clusters.prod-eu.timeoutMs: must be a positive integer (milliseconds), got nothing'],
    ['concurrency 0', 'clusters:\n  prod-eu: { concurrency: 0 }\n', 'clusters.prod-eu.concurrency: must be an integer from 1 to 256, got 0'],
    ['concurrency 257', 'defaults: { concurrency: 257 }\n', 'defaults.concurrency: must be an integer from 1 to 256, got 257'],
    ['cache as a word', 'clusters:\n  prod-eu: { cache: yes please }\n', 'clusters.prod-eu.cache: must be true or false, got "yes please"'],
    ['cache as a quoted boolean', 'defaults: { cache: "true" }\n', 'defaults.cache: must be true or false, got "true"'],
    ['namespaces as one word', 'clusters:\n  prod-eu: { namespaces: team-a }\n',
      'clusters.prod-eu.namespaces: must be a non-empty list of namespace names (leave it out to read and watch every namespace), got "team-a"'],
    ['an empty namespaces list', 'defaults: { namespaces: [] }\n',
      'defaults.namespaces: must be a non-empty list of namespace names (leave it out to read and watch every namespace), got an empty list'],
    ['an empty namespaces key', 'clusters:\n  prod-eu:\n    namespaces:\n',
      'clusters.prod-eu.namespaces: must be a non-empty list of namespace names (leave it out to read and watch every namespace), got nothing'],
    ['an invalid namespace name', 'clusters:\n  prod-eu: { namespaces: [team-a, Team_B] }\n',
      `clusters.prod-eu.namespaces[1]: "Team_B" is not a valid namespace name: must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name' or '123-abc')`],
    ['a too long namespace name', `clusters:\n  prod-eu: { namespaces: [${'n'.repeat(64)}] }\n`,
      'clusters.prod-eu.namespaces[0]: "' + 'n'.repeat(64) + '" is not a valid namespace name: must be no more than 63 characters (got 64)'],
    ['a number as a namespace', 'clusters:\n  prod-eu: { namespaces: [team-a, 7] }\n', 'clusters.prod-eu.namespaces[1]: must be a namespace name (a string), got 7'],
    ['a namespace listed twice', 'clusters:\n  prod-eu: { namespaces: [team-a, team-b, team-a] }\n', 'clusters.prod-eu.namespaces[2]: "team-a" is listed twice'],
    ['concurrency as a word', 'clusters:\n  prod-eu: { concurrency: many }\n', 'clusters.prod-eu.concurrency: must be an integer from 1 to 256, got "many"'],
    ['labels as a list', 'clusters:\n  prod-eu: { labels: [env, prod] }\n', 'clusters.prod-eu.labels: must be a mapping of label keys to values, got a list'],
    ['an invalid label key', 'clusters:\n  prod-eu: { labels: { "-env": prod } }\n', `clusters.prod-eu.labels: "-env" is not a valid label key: ${KEY_RULE}`],
    ['an upper-case label key prefix', 'clusters:\n  prod-eu: { labels: { Example.com/env: prod } }\n',
      'clusters.prod-eu.labels: "Example.com/env" is not a valid label key: the prefix must be a lowercase DNS subdomain (e.g. example.com)'],
    ['an invalid label value', 'clusters:\n  prod-eu: { labels: { env: "prod eu" } }\n', `clusters.prod-eu.labels.env: "prod eu" is not a valid label value: ${VALUE_RULE}`],
    ['a too long label value', `clusters:\n  prod-eu: { labels: { env: ${'p'.repeat(64)} } }\n`,
      `clusters.prod-eu.labels.env: "${'p'.repeat(64)}" is not a valid label value: it must be at most 63 characters`],
    ['a number as a label value', 'clusters:\n  prod-eu: { labels: { tier: 1 } }\n', 'clusters.prod-eu.labels.tier: must be a string (quote it in YAML), got 1'],
    ['a boolean as a label value', 'clusters:\n  prod-eu: { labels: { canary: true } }\n', 'clusters.prod-eu.labels.canary: must be a string (quote it in YAML), got true'],
    ['an empty label value', 'clusters:\n  prod-eu:\n    labels:\n      env:\n', 'clusters.prod-eu.labels.env: must be a string (quote it in YAML), got nothing'],
  ];

  let written = 0;
  it.each(cases)('rejects a fleet file with %s', async (_what, text, problem) => {
    const fleetFile = dir.write(`bad-fleet-${written++}.yaml`, text);
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath, fleetFile, defaults }))).toBe(`fleet file ${fleetFile}: ${problem}`);
  });

  it('rejects an entry for a context the kubeconfig does not have, naming both files', async () => {
    const fleetFile = dir.write('unknown-context.yaml', 'clusters:\n  prod-eu: {}\n  prod-xx: { labels: { env: prod } }\n');
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath, fleetFile, defaults }))).toBe(
      `fleet file ${fleetFile}: clusters.prod-xx: no context "prod-xx" in kubeconfig ${kubeconfigPath}; known contexts: dev-eu, prod-eu`,
    );
  });

  it('accepts an entry for a context that --contexts leaves out', async () => {
    const fleetFile = dir.write('left-out.yaml', 'clusters:\n  prod-eu: { labels: { env: prod } }\n');
    const specs = await loadClusterSpecs({ kubeconfigPath, fleetFile, contexts: ['dev-eu'], defaults });
    expect(specs.map((s) => s.name)).toEqual(['dev-eu']);
  });

  it('names a missing fleet file by its absolute path', async () => {
    const fleetFile = join(dir.path, 'no-such-fleet.yaml');
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath, fleetFile, defaults }))).toBe(`fleet file ${fleetFile}: cannot read: file not found`);
  });

  it('refuses a YAML alias bomb', async () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const fleetFile = dir.write('bomb.yaml', bomb);
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath, fleetFile, defaults }))).toBe(
      `fleet file ${fleetFile}: cannot use the YAML: Excessive alias count indicates a resource exhaustion attack`,
    );
  });
});

describe('parseFleetFile', () => {
  it('reads namespaces per cluster, over defaults, and leaves them unset (cluster-wide) where neither says', async () => {
    const path = dir.write('namespaces.yaml', 'defaults: { namespaces: [team-a] }\nclusters:\n  dev-eu: { namespaces: [team-b, team-a] }\n');
    const specs = await loadClusterSpecs({ kubeconfigPath, fleetFile: path, defaults });
    expect(specs.map((s) => [s.name, s.namespaces])).toEqual([['dev-eu', ['team-b', 'team-a']], ['prod-eu', ['team-a']]]);
    const none = await loadClusterSpecs({ kubeconfigPath, defaults });
    expect(none.map((s) => s.namespaces)).toEqual([undefined, undefined]);
    // --namespaces stands where the fleet file says nothing.
    const fromFlag = await loadClusterSpecs({ kubeconfigPath, fleetFile: dir.write('namespaces-one.yaml', 'clusters:\n  dev-eu: { namespaces: [team-b] }\n'), defaults: { ...defaults, namespaces: ['ops'] } });
    expect(fromFlag.map((s) => s.namespaces)).toEqual([['team-b'], ['ops']]);
  });

  it('reads cache per cluster, over defaults, and leaves it unset where neither says (the --cache flag decides)', async () => {
    const path = dir.write('cache.yaml', 'defaults: { cache: true }\nclusters:\n  dev-eu: { cache: false }\n');
    const specs = await loadClusterSpecs({ kubeconfigPath, fleetFile: path, defaults });
    expect(specs.map((s) => [s.name, s.cache])).toEqual([['dev-eu', false], ['prod-eu', true]]);
    const none = await loadClusterSpecs({ kubeconfigPath, defaults });
    expect(none.map((s) => s.cache)).toEqual([undefined, undefined]);
  });

  it('keeps entries in file order and tells an absent labels key from an empty one', () => {
    const fleet = parseFleetFile({ clusters: { b: { labels: {} }, a: { timeoutMs: 5 }, c: null } }, '/f.yaml');
    expect([...fleet.clusters.entries()]).toEqual([['b', { labels: {} }], ['a', { timeoutMs: 5 }], ['c', {}]]);
    expect(fleet.defaults).toEqual({});
  });

  it('accepts a file with only defaults', () => {
    expect(parseFleetFile({ defaults: { timeoutMs: 100, concurrency: 1 } }, '/f.yaml')).toEqual({
      path: '/f.yaml', defaults: { timeoutMs: 100, concurrency: 1 }, clusters: new Map(),
    });
  });
});
