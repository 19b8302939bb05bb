/**
 * The pure matching rules of Kubernetes RBAC, as kube-apiserver's RBAC authorizer applies them
 * (plugin/pkg/auth/authorizer/rbac and pkg/apis/rbac/v1 helpers): whether a PolicyRule allows a
 * request's attributes, and whether a binding's Subject names a user. No storage, no HTTP.
 */
import type { UserInfo } from '../api/ApiContext.ts';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

/** What the authorizer decides on (kube's authorizer.Attributes). */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  /** Resource requests only. */
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** Non-resource requests only: the URL path. */
  path: string;
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return list !== undefined && (list.includes('*') || list.includes(value));
}

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/scale` allows the scale subresource of every resource.
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return has(rule.apiGroups, attrs.apiGroup)
    && resourceMatches(rule, combined, attrs.subresource)
    // An empty resourceNames allows every name; a non-empty one never allows a nameless request (list, create).
    && (rule.resourceNames === undefined || rule.resourceNames.length === 0 || rule.resourceNames.includes(attrs.name));
}

/** The username kube gives a service account's tokens. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** Whether a binding's subject names this user; `bindingNamespace` defaults a ServiceAccount's namespace (RoleBindings). */
export function subjectApplies(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User': return subject.name === user.username;
    case 'Group': return subject.name !== undefined && user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && subject.name !== undefined && user.username === serviceAccountUsername(ns, subject.name);
    }
    default: return false;
  }
}
