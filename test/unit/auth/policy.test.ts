/**
 * The gateway policy file: every mistake refused with the file, the line and what is wrong, and
 * the decisions a checked policy takes for callers (deny by default, write implies read, rules
 * adding up, selector and names intersecting, system:authenticated meaning everyone).
 */
import { describe, expect, test } from 'vitest';
import { Policy, PolicyFileError } from '../../../src/auth/policy/index.ts';

const P = '/etc/fleetgraph/policy.yaml';
const parse = (text: string) => Policy.parse(text, P);
const refusal = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('refused policy files', () => {
  test.each([
    ['an empty file', '', `policy file ${P}: expected a mapping with a "rules" list, got nothing`],
    ['a list at the top', '- groups: [a]\n', `policy file ${P}, line 1: expected a mapping with a "rules" list, got a list`],
    ['an unknown top-level key', 'rules:\n  - groups: [a]\nextra: 1\n', `policy file ${P}, line 3: the top level: unknown key "extra"; expected rules`],
    ['no rules key', '{}\n', `policy file ${P}, line 1: no "rules" list: write the rules that give callers clusters (a policy without rules would refuse everyone everything)`],
    ['an empty rules list', 'rules: []\n', `policy file ${P}, line 1: rules: the list is empty: every caller would be refused everything; give at least one rule`],
    ['rules not a list', 'rules:\n  groups: [a]\n', `policy file ${P}, line 2: rules: must be a list of rules, got a mapping`],
    ['a rule that is not a mapping', 'rules:\n  - platform\n', `policy file ${P}, line 2: rules[0]: must be a mapping (groups/users, clusters/clusterNames, access, secrets), got "platform"`],
    ['a misspelt key', 'rules:\n  - groups: [a]\n    acess: write\n', `policy file ${P}, line 3: rules[0]: unknown key "acess"; expected name, users, groups, clusters, clusterNames, access, secrets`],
    ['a rule for nobody', 'rules:\n  - groups: [a]\n  - clusters: env=prod\n    access: write\n', `policy file ${P}, line 3: rules[1]: names no caller: give users: [...] and/or groups: [...] (groups: [system:authenticated] is every authenticated caller)`],
    ['groups as a string', 'rules:\n  - groups: platform\n', `policy file ${P}, line 2: rules[0].groups: must be a list of names, e.g. [a, b], got "platform"`],
    ['a number as a user', 'rules:\n  - users:\n      - alice\n      - 42\n', `policy file ${P}, line 4: rules[0].users[1]: must be a name (a string), got 42`],
    ['an empty group name', 'rules:\n  - groups: [""]\n', `policy file ${P}, line 2: rules[0].groups[0]: is empty`],
    ['a malformed selector', 'rules:\n  - groups: [a]\n    clusters: "env in (prod"\n', `policy file ${P}, line 3: rules[0].clusters: invalid label selector "env in (prod": expected ")" after values at position 13`],
    ['a selector that is a list', 'rules:\n  - groups: [a]\n    clusters: [prod]\n', `policy file ${P}, line 3: rules[0].clusters: must be a label selector string over cluster labels, e.g. "env in (prod)", got a list`],
    ['an unknown access', 'rules:\n  - groups: [a]\n    access: admin\n', `policy file ${P}, line 3: rules[0].access: must be read or write (write implies read), got "admin"`],
    ['secrets as a string', 'rules:\n  - groups: [a]\n    secrets: "yes"\n', `policy file ${P}, line 3: rules[0].secrets: must be true or false, got "yes"`],
    ['an alias', 'rules:\n  - &r { groups: [a] }\n  - *r\n', `policy file ${P}, line 3: rules[1]: YAML aliases (*name) are not accepted in a policy file; write the value out`],
    ['a duplicate key', 'rules:\n  - groups: [a]\n    groups: [b]\n', `policy file ${P}, line 3: YAML syntax error: Map keys must be unique at line 3, column 5`],
    ['a YAML syntax error', 'rules:\n  - groups: [a\n', `policy file ${P}, line 3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1`],
  ])('%s', (_what, text, message) => {
    expect(refusal(text)).toBe(message);
  });

  test('a clusterNames entry that is no cluster of the fleet is refused when the fleet loads, with its line', () => {
    const policy = parse('rules:\n  - groups: [a]\n    clusterNames:\n      - prod-eu\n      - prod-us\n');
    expect(() => policy.checkClusterNames(['prod-eu', 'dev'])).toThrow(new PolicyFileError(`policy file ${P}, line 5: rules[0].clusterNames: no cluster "prod-us" in the fleet (clusters: prod-eu, dev)`));
    expect(() => policy.checkClusterNames(['prod-eu', 'prod-us'])).not.toThrow();
  });

  test('a missing file names the file', async () => {
    await expect(Policy.load('/nonexistent/policy.yaml')).rejects.toThrow(new PolicyFileError('policy file /nonexistent/policy.yaml: no such file'));
  });
});

describe('decisions', () => {
  const policy = parse(`
rules:
  - name: platform
    groups: [platform]
    access: write
    secrets: true
  - groups: [devs]
    clusters: "env in (dev, staging)"
    access: write
  - groups: [devs]
    access: read
  - users: [carol]
    clusters: env=prod
    clusterNames: [prod-eu, dev-eu]
  - groups: [system:authenticated]
    clusterNames: [dev-eu]
`);
  const dev = { name: 'dev-eu', labels: { env: 'dev' } };
  const prodEu = { name: 'prod-eu', labels: { env: 'prod' } };
  const prodUs = { name: 'prod-us', labels: { env: 'prod' } };
  const fleet = [dev, prodEu, prodUs];
  const who = (user: string, ...groups: string[]) => ({ user, groups });

  test('write implies read, secrets only where a rule says so', () => {
    const a = policy.accessFor(who('pat', 'platform'));
    expect(fleet.map((c) => [a.mayRead(c), a.mayWrite(c), a.maySeeSecrets(c)])).toEqual([[true, true, true], [true, true, true], [true, true, true]]);
    expect(a.caller).toBe('user "pat"');
  });

  test('rules for the same caller add up: write where one gives it, read where another does', () => {
    const a = policy.accessFor(who('dana', 'devs'));
    expect(fleet.map((c) => [a.mayRead(c), a.mayWrite(c), a.maySeeSecrets(c)])).toEqual([[true, true, false], [true, false, false], [true, false, false]]);
  });

  test('clusters and clusterNames together mean the clusters in both', () => {
    expect(policy.clustersFor(who('carol'), fleet).map((c) => c.name)).toEqual(['dev-eu', 'prod-eu']);
    // prod-eu through the rule naming carol (env=prod and named); dev-eu only through system:authenticated.
    expect(policy.mayWrite(who('carol'), prodEu)).toBe(false);
  });

  test('deny by default: a caller no rule names gets no cluster (system:authenticated names everyone)', () => {
    const nobody = parse('rules:\n  - groups: [platform]\n');
    expect(nobody.clustersFor(who('eve', 'other'), fleet)).toEqual([]);
    expect(policy.clustersFor(who('eve', 'other'), fleet).map((c) => c.name)).toEqual(['dev-eu']);
  });

  test('the start-up line says deny by default', () => {
    expect(policy.describe()).toBe(`gateway policy from ${P} (5 rules); deny by default: a caller no rule names gets no cluster`);
  });
});
