/**
 * How many fields an operation has with every fragment spread written out in place: the size of
 * the code graphql-jit generates for it (it inlines every spread). Computed in time linear in the
 * document (each fragment's count once, memoized), however large the answer: 40 levels of
 * `fragment Fi { ...F(i-1) ...F(i-1) }` count 2^40 without expanding anything.
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export function expandedFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  // Validation (NoFragmentCycles) ran before execution; `inProgress` only keeps a cycle from
  // recursing forever should this ever see an unvalidated document.
  const inProgress = new Set<string>();
  const count = (set: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) n += 1 + count(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet);
      else {
        const name = s.name.value;
        let m = memo.get(name);
        if (m === undefined) {
          if (inProgress.has(name)) return Infinity;
          inProgress.add(name);
          m = count(fragments.get(name)?.selectionSet);
          inProgress.delete(name);
          memo.set(name, m);
        }
        n += m;
      }
    }
    return n;
  };
  return count(operation.selectionSet);
}
