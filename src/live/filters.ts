/**
 * The subscription filters, run by the hub's readers on each change before anything is executed
 * or sent: a subscriber costs nothing for what it does not want. Arguments are validated (and
 * selectors parsed) once, by the caller, before the filter is made.
 */
import type { LabelSelector } from '../fleet/labelSelector.ts';
import type { Filter, FilterTerm } from './LogDispatcher.ts';
import type { ResourceChangeEntry } from './WatchHub.ts';

type EntryFilter = Filter<ResourceChangeEntry>;
type Term = FilterTerm<ResourceChangeEntry>;

// The `of` of each term name is one shared function: the dispatcher keeps one per name.
const namespaceOf = (e: ResourceChangeEntry) => e.object.metadata?.namespace;
const involvedNameOf = (e: ResourceChangeEntry) => (e.object as EventFields & typeof e.object).involvedObject?.name;
const involvedKindOf = (e: ResourceChangeEntry) => (e.object as EventFields & typeof e.object).involvedObject?.kind;
const eventTypeOf = (e: ResourceChangeEntry) => ((e.object as EventFields & typeof e.object).type === 'Warning' ? 'WARNING' : 'NORMAL');
const labelOfs = new Map<string, (e: ResourceChangeEntry) => string | undefined>();
function labelOf(key: string): (e: ResourceChangeEntry) => string | undefined {
  let of = labelOfs.get(key);
  if (!of) {
    of = (e) => (e.object.metadata?.['labels'] as Record<string, string> | undefined)?.[key];
    // Bounded: label keys come from clients; past this, each filter gets its own (equivalent) function.
    if (labelOfs.size < 1000) labelOfs.set(key, of);
  }
  return of;
}

export interface EventFilter {
  namespace?: string | null;
  type?: 'NORMAL' | 'WARNING' | null;
  involvedKind?: string | null;
  involvedName?: string | null;
}

interface EventFields {
  type?: string;
  involvedObject?: { kind?: string; name?: string };
}

/** Events recorded or updated that match; an Event's expiry (DELETED) is not news and is never delivered. */
export function eventFilter(f: EventFilter): EntryFilter {
  const filter: EntryFilter = (entry) => {
    if (entry.type === 'DELETED') return false;
    const o = entry.object as EventFields & typeof entry.object;
    if (f.namespace && o.metadata?.namespace !== f.namespace) return false;
    if (f.type && (o.type === 'Warning' ? 'WARNING' : 'NORMAL') !== f.type) return false;
    if (f.involvedKind && o.involvedObject?.kind !== f.involvedKind) return false;
    if (f.involvedName && o.involvedObject?.name !== f.involvedName) return false;
    return true;
  };
  // The most selective term given: an object's name, then a namespace, a kind, the event type.
  const term: Term | undefined = f.involvedName ? { name: 'involvedName', value: f.involvedName, of: involvedNameOf }
    : f.namespace ? { name: 'namespace', value: f.namespace, of: namespaceOf }
      : f.involvedKind ? { name: 'involvedKind', value: f.involvedKind, of: involvedKindOf }
        : f.type ? { name: 'type', value: f.type, of: eventTypeOf }
          : undefined;
  filter.term = term;
  return filter;
}

export interface ChangeFilter {
  namespace?: string | null;
  labelSelector?: LabelSelector | undefined;
}

export function changeFilter(f: ChangeFilter): EntryFilter {
  const filter: EntryFilter = (entry) => {
    const meta = entry.object.metadata;
    if (f.namespace && meta?.namespace !== f.namespace) return false;
    if (f.labelSelector && !f.labelSelector.matches(meta?.['labels'] as Record<string, string> | undefined)) return false;
    return true;
  };
  // A `key=value` (or one-valued `in`) label term first, else the namespace.
  const label = f.labelSelector?.requirements.find((r) => (r.operator === '=' || r.operator === 'in') && r.values.length === 1);
  filter.term = label ? { name: `label:${label.key}`, value: label.values[0]!, of: labelOf(label.key) }
    : f.namespace ? { name: 'namespace', value: f.namespace, of: namespaceOf }
      : undefined;
  return filter;
}
