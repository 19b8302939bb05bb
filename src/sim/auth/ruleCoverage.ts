/**
 * Whether one set of RBAC rules covers another, and how kube-apiserver words the rules that are
 * not covered: the pure part of RBAC escalation prevention (pkg/registry/rbac/validation
 * Covers, BreakdownRule, CompactRules and rbac/v1 CompactString). No storage, no HTTP.
 */
import { goQuote } from '../api/validation/goLiteral.ts';
import type { PolicyRule } from './rbacRules.ts';

/**
 * Splits a rule into rules of one verb, one group, one resource and at most one resourceName
 * (or one non-resource URL and one verb), so each piece is either wholly covered by one owner
 * rule or not at all.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

function has(set: readonly string[] | undefined, value: string): boolean {
  return (set ?? []).includes(value);
}

function hasAll(set: readonly string[] | undefined, values: readonly string[] | undefined): boolean {
  return (values ?? []).every((v) => has(set, v));
}

// `*` covers every resource; `*/scale` covers the scale subresource of every resource.
function resourcesCoverAll(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (has(owner, '*') || hasAll(owner, wanted)) return true;
  return (wanted ?? []).every((path) => {
    if (has(owner, path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && has(owner, `*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLsCoverAll(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  return (wanted ?? []).every((path) => (owner ?? []).some((o) => o === path || (o.endsWith('*') && path.startsWith(o.replace(/\*+$/, '')))));
}

/** Whether one owner rule covers a broken-down rule (kube's ruleCovers). */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourcesCoverAll(owner.resources, sub.resources);
  const urls = nonResourceURLsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
  // An owner limited to names covers only those names; a piece without a name needs an unlimited owner.
  const ownerNames = owner.resourceNames ?? [];
  const names = (sub.resourceNames ?? []).length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

/** The broken-down pieces of `wanted` that no rule of `owner` covers (empty: covered). */
export function uncoveredRules(owner: readonly PolicyRule[], wanted: readonly PolicyRule[]): PolicyRule[] {
  return wanted.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/**
 * kube's CompactRules: pieces with one group, one resource and at most one resourceName are
 * merged by verb (in the order met, repeats kept); the rest stay as they are.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const names = rule.resourceNames ?? [];
    const isSimple = names.length <= 1 && (rule.nonResourceURLs ?? []).length === 0
      && (rule.apiGroups ?? []).length === 1 && (rule.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], names.length > 0, names[0] ?? '']);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...(existing.verbs ?? []), ...(rule.verbs ?? [])];
    else simple.set(key, { ...rule, verbs: [...(rule.verbs ?? [])] });
  }
  return [...compacted, ...simple.values()];
}

/** Go's %q of a []string: `["" "apps"]`. */
function goStrings(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}

/** rbac/v1 CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`, empty fields left out. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length > 0) parts.push(`APIGroups:${goStrings(rule.apiGroups!)}`);
  if ((rule.resources ?? []).length > 0) parts.push(`Resources:${goStrings(rule.resources!)}`);
  if ((rule.nonResourceURLs ?? []).length > 0) parts.push(`NonResourceURLs:${goStrings(rule.nonResourceURLs!)}`);
  if ((rule.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${goStrings(rule.resourceNames!)}`);
  if ((rule.verbs ?? []).length > 0) parts.push(`Verbs:${goStrings(rule.verbs!)}`);
  return `{${parts.join(', ')}}`;
}

/** The missing rules as ConfirmNoEscalation lists them: compacted, worded, sorted and deduplicated (sets.String). */
export function describeMissing(missing: readonly PolicyRule[]): string[] {
  return [...new Set(compactRules(missing).map(compactString))].sort(goLess);
}

/** Go's string ordering (byte-wise on UTF-8), which sort.Strings uses. */
function goLess(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}
