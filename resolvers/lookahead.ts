/**
 * Look-ahead: does the query select a field below the one being resolved? Used to start the
 * LISTs a join will need (a pod's owner needs ReplicaSets) in the same round as the parent
 * LIST instead of one network round trip later. Fragments and inline fragments count.
 *
 * Linear in the query: each level visits a fragment at most once (a visited set), so fragments
 * that spread one another twice over (26 levels of `...F ...F` took 8 s walked naively) cost
 * their size, not 2^levels.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, out: Set<FieldNode>, visited: Set<string>): void {
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === name) out.add(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(s.selectionSet, name, info, out, visited);
    } else if (!visited.has(s.name.value)) {
      visited.add(s.name.value);
      fieldsNamed(info.fragments[s.name.value]?.selectionSet, name, info, out, visited);
    }
  }
}

/** True when the current field's selection reaches `path` (e.g. ['edges', 'node', 'owner']). */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  let level: Iterable<FieldNode> = info.fieldNodes;
  for (const name of path) {
    // One visited set per level: a fragment's fields at this level are found on its first visit.
    const next = new Set<FieldNode>();
    const visited = new Set<string>();
    for (const f of level) fieldsNamed(f.selectionSet, name, info, next, visited);
    if (next.size === 0) return false;
    level = next;
  }
  return true;
}
