/** The abusive documents of issue 7 and the queries users really send, shared by the limits tests. */

/** `{ nodes { pods { node { pods { ... { name } } } } } }` with `pairs` pods→node pairs (10 pairs: 21 levels). */
export function deepJoins(pairs: number): string {
  let inner = 'name';
  for (let i = 0; i < pairs; i++) inner = `pods { node { ${inner} } }`;
  return `{ nodes { ${inner} } }`;
}

/** n aliased clusters × n aliased nodes × n aliased pods, written with fragments (a short document). */
export function nestedAliases(n: number): string {
  const list = (field: string, spread: string) => Array.from({ length: n }, (_, i) => `${field[0]}${i}: ${field} { ${spread} }`).join(' ');
  return `fragment P on Node { ${list('pods', 'name')} }
fragment N on Cluster { ${list('nodes', '...P')} }
{ ${list('clusters', '...N')} }`;
}

/** F0 { name phase } and F(i) { ...F(i-1) ...F(i-1) }, n levels, spread inside each cluster's pods. */
export function doubledFragments(n: number): string {
  const defs = ['fragment F0 on Pod { name phase }'];
  for (let i = 1; i <= n; i++) defs.push(`fragment F${i} on Pod { ...F${i - 1} ...F${i - 1} }`);
  return `${defs.join('\n')}\n{ clusters { pods { ...F${n} } } }`;
}

/** n aliases of `pods`, each with its own label selector: n distinct LISTs per cluster. */
export function distinctSelectorAliases(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `p${i}: pods(labelSelector: "app=a${i}") { totalCount }`).join(' ')} }`;
}

export { DASHBOARD, README_QUERIES } from '../../support/queries.ts';
