/**
 * Look-ahead: does the query select a field below the one being resolved? Used to start the
 * LISTs a join will need (a pod's owner needs ReplicaSets) in the same round as the parent
 * LIST instead of one network round trip later. Fragments and inline fragments count.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, out: FieldNode[]): void {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === name) out.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(s.selectionSet, name, info, out);
    } else {
      fieldsNamed(info.fragments[s.name.value]?.selectionSet, name, info, out);
    }
  }
}

/** True when the current field's selection reaches `path` (e.g. ['edges', 'node', 'owner']). */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const f of level) fieldsNamed(f.selectionSet, name, info, next);
    if (next.length === 0) return false;
    level = next;
  }
  return true;
}
