/**
 * In-memory matching of Kubernetes object selectors (a workload's `spec.selector`, a Service's
 * `spec.selector` map), for joins made from LISTs already fetched.
 */
import type { V1LabelSelector } from '@kubernetes/client-node';

type Labels = Readonly<Record<string, string>> | undefined;

/** A workload's LabelSelector: an empty one matches everything, a missing one nothing (as Kubernetes). */
export function matchesLabelSelector(selector: V1LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const value = l[e.key];
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(value as string)) return false; break;
      case 'NotIn': if (has && values.includes(value as string)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A Service's selector map: an empty or missing map selects no pods (as the endpoints controller). */
export function matchesServiceSelector(selector: Readonly<Record<string, string>> | undefined, labels: Labels): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  const l = labels ?? {};
  return entries.every(([k, v]) => l[k] === v);
}
