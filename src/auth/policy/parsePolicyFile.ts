/**
 * The gateway policy file's text → checked rules (docs/policy.md):
 *
 * ```yaml
 * rules:
 *   - name: platform admins         # optional, for people and the log
 *     groups: [platform]            # and/or users: [alice]; a rule is for a caller named in
 *                                   #   users or in any of their groups (system:authenticated: everyone)
 *     clusters: "env in (prod)"     # label selector over cluster labels, as the API's `clusters`;
 *     clusterNames: [prod-eu]       #   and/or exact names (both: the clusters in both); neither: every cluster
 *     access: write                 # read (default) or write, which implies read
 *     secrets: true                 # may ask for secret values (export includeSecrets); default false
 * ```
 *
 * Checked strictly, with the line of every problem, because a typo here silently changes who
 * sees what: unknown keys, a rule for nobody, a malformed selector, an access that is not read
 * or write, and a non-boolean `secrets` are all errors. YAML anchors and aliases are refused
 * (each rule should read on its own). Names in clusterNames are checked against the fleet when
 * it loads (Policy.checkClusterNames).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { SelectorError } from '../../fleet/SelectorError.ts';
import { parseLabelSelector } from '../../fleet/parseLabelSelector.ts';
import type { LabelSelector } from '../../fleet/labelSelector.ts';
import { quoteInput } from '../../fleet/quoteInput.ts';
import { PolicyFileError } from './PolicyFileError.ts';
import type { PolicyAccessLevel, PolicyRule } from './PolicyRule.ts';

const RULE_KEYS = ['name', 'users', 'groups', 'clusters', 'clusterNames', 'access', 'secrets'];
/** More rules than anyone writes by hand: a bound on start-up work, not a design limit. */
const MAX_RULES = 10_000;

/** `path` names the file in messages only. */
export function parsePolicyFile(text: string, path: string): PolicyRule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text.startsWith('\uFEFF') ? text.slice(1) : text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const fail = (line: number | undefined, problem: string): never => {
    throw new PolicyFileError(`policy file ${path}${line === undefined ? '' : `, line ${line}`}: ${problem}`);
  };
  const error = doc.errors[0];
  if (error !== undefined) {
    // yaml's message ends with a code frame; its first line says what and where.
    fail(error.linePos?.[0].line, `YAML syntax error: ${(error.message.split('\n')[0] ?? error.message).replace(/:$/, '')}`);
  }
  const lineOf = (node: Node | Pair | null | undefined): number | undefined => {
    if (node === null || node === undefined) return undefined;
    const range: readonly number[] | null | undefined = isPair(node) ? (node.key as Node | null)?.range : node.range;
    return range?.[0] === undefined ? undefined : lines.linePos(range[0]).line;
  };
  const noAliases = (node: unknown, at: string): void => {
    if (isAlias(node)) {
      fail(lineOf(node), `${at}: YAML aliases (*name) are not accepted in a policy file; write the value out`);
    }
  };

  const root = doc.contents;
  if (!isMap(root)) {
    return fail(lineOf(root), `expected a mapping with a "rules" list, got ${describe(root)}`);
  }
  const rulesPair = onlyKeys(root, ['rules'], '', fail, lineOf).get('rules');
  if (rulesPair === undefined) return fail(lineOf(root), 'no "rules" list: write the rules that give callers clusters (a policy without rules would refuse everyone everything)');
  const rulesNode = rulesPair.value as Node | null;
  noAliases(rulesNode, 'rules');
  if (!isSeq(rulesNode)) return fail(lineOf(rulesNode) ?? lineOf(rulesPair), `rules: must be a list of rules, got ${describe(rulesNode)}`);
  if (rulesNode.items.length === 0) return fail(lineOf(rulesNode), 'rules: the list is empty: every caller would be refused everything; give at least one rule');
  if (rulesNode.items.length > MAX_RULES) return fail(lineOf(rulesNode), `rules: ${rulesNode.items.length} rules, more than ${MAX_RULES}`);

  return rulesNode.items.map((item, i) => {
    const at = `rules[${i}]`;
    const node = item as Node | null;
    noAliases(node, at);
    if (!isMap(node)) return fail(lineOf(node) ?? lineOf(rulesNode), `${at}: must be a mapping (groups/users, clusters/clusterNames, access, secrets), got ${describe(node)}`);
    const line = lineOf(node) ?? 1;
    const keys = onlyKeys(node, RULE_KEYS, at, fail, lineOf);
    const value = (key: string): { node: Node | null; line: number } | undefined => {
      const pair = keys.get(key);
      if (pair === undefined) return undefined;
      const v = pair.value as Node | null;
      noAliases(v, `${at}.${key}`);
      return { node: v, line: lineOf(v) ?? lineOf(pair) ?? line };
    };
    const names = (key: string): Map<string, number> | undefined => {
      const v = value(key);
      if (v === undefined) return undefined;
      if (!isSeq(v.node)) return fail(v.line, `${at}.${key}: must be a list of names, e.g. [a, b], got ${describe(v.node)}`);
      const out = new Map<string, number>();
      v.node.items.forEach((entry, j) => {
        const n = entry as Node | null;
        const entryLine = lineOf(n) ?? v.line;
        if (!isScalar(n) || typeof n.value !== 'string') return fail(entryLine, `${at}.${key}[${j}]: must be a name (a string), got ${describe(n)}`);
        if (n.value.trim() === '') return fail(entryLine, `${at}.${key}[${j}]: is empty`);
        if (!out.has(n.value)) out.set(n.value, entryLine);
      });
      return out;
    };

    const users = names('users');
    const groups = names('groups');
    if ((users?.size ?? 0) + (groups?.size ?? 0) === 0) {
      fail(line, `${at}: names no caller: give users: [...] and/or groups: [...] (groups: [system:authenticated] is every authenticated caller)`);
    }
    let name: string | undefined;
    const nameValue = value('name');
    if (nameValue !== undefined) {
      if (!isScalar(nameValue.node) || typeof nameValue.node.value !== 'string') fail(nameValue.line, `${at}.name: must be a string, got ${describe(nameValue.node)}`);
      name = String((nameValue.node as { value: unknown }).value);
    }
    let selector: LabelSelector | undefined;
    const clusters = value('clusters');
    if (clusters !== undefined) {
      if (!isScalar(clusters.node) || typeof clusters.node.value !== 'string') {
        fail(clusters.line, `${at}.clusters: must be a label selector string over cluster labels, e.g. "env in (prod)", got ${describe(clusters.node)}`);
      }
      try {
        selector = parseLabelSelector(String((clusters.node as { value: unknown }).value));
      } catch (e) {
        if (e instanceof SelectorError) fail(clusters.line, `${at}.clusters: ${e.message}`);
        throw e;
      }
    }
    const clusterNames = names('clusterNames');
    let access: PolicyAccessLevel = 'read';
    const accessValue = value('access');
    if (accessValue !== undefined) {
      const v = isScalar(accessValue.node) ? accessValue.node.value : undefined;
      if (v !== 'read' && v !== 'write') fail(accessValue.line, `${at}.access: must be read or write (write implies read), got ${describe(accessValue.node)}`);
      access = v as PolicyAccessLevel;
    }
    let secrets = false;
    const secretsValue = value('secrets');
    if (secretsValue !== undefined) {
      const v = isScalar(secretsValue.node) ? secretsValue.node.value : undefined;
      if (typeof v !== 'boolean') fail(secretsValue.line, `${at}.secrets: must be true or false, got ${describe(secretsValue.node)}`);
      secrets = v as boolean;
    }
    return {
      line, ...(name === undefined ? {} : { name }),
      users: new Set(users?.keys() ?? []), groups: new Set(groups?.keys() ?? []),
      ...(selector ? { selector } : {}), ...(clusterNames ? { clusterNames } : {}),
      access, secrets,
    };
  });
}

/** The mapping's pairs by key, refusing keys other than `allowed` (and non-string keys) with their line. */
function onlyKeys(
  map: YAMLMap,
  allowed: readonly string[],
  at: string,
  fail: (line: number | undefined, problem: string) => never,
  lineOf: (node: Node | Pair | null | undefined) => number | undefined,
): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || !allowed.includes(key)) {
      const shown = typeof key === 'string' ? quoteInput(key) : describe(pair.key);
      fail(lineOf(pair.key as Node), `${at === '' ? 'the top level' : at}: unknown key ${shown}; expected ${allowed.join(', ')}`);
    }
    out.set(key as string, pair as Pair);
  }
  return out;
}

/** A YAML node as a message shows what was found: scalars as written, collections by kind. */
function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    return typeof v === 'string' ? quoteInput(v) : String(v);
  }
  return 'something else';
}
