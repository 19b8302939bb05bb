/**
 * The subscription filters, run by the hub's readers on each change before anything is executed
 * or sent: a subscriber costs nothing for what it does not want. Arguments are validated (and
 * selectors parsed) once, by the caller, before the filter is made.
 */
import type { LabelSelector } from '../fleet/labelSelector.ts';
import type { ResourceChangeEntry } from './WatchHub.ts';

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
export function eventFilter(f: EventFilter): (entry: ResourceChangeEntry) => boolean {
  return (entry) => {
    if (entry.type === 'DELETED') return false;
    const o = entry.object as EventFields & typeof entry.object;
    if (f.namespace && o.metadata?.namespace !== f.namespace) return false;
    if (f.type && (o.type === 'Warning' ? 'WARNING' : 'NORMAL') !== f.type) return false;
    if (f.involvedKind && o.involvedObject?.kind !== f.involvedKind) return false;
    if (f.involvedName && o.involvedObject?.name !== f.involvedName) return false;
    return true;
  };
}

export interface ChangeFilter {
  namespace?: string | null;
  labelSelector?: LabelSelector | undefined;
}

export function changeFilter(f: ChangeFilter): (entry: ResourceChangeEntry) => boolean {
  return (entry) => {
    const meta = entry.object.metadata;
    if (f.namespace && meta?.namespace !== f.namespace) return false;
    if (f.labelSelector && !f.labelSelector.matches(meta?.['labels'] as Record<string, string> | undefined)) return false;
    return true;
  };
}
