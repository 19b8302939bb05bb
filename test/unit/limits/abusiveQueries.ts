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

export const README_QUERIES = [
  `{ clusters { name labels { key value } status { reachable version latencyMs lastError { code message } } usage { cpu memory }
     nodes { name ready capacity { cpu memory } usage { cpu memory } } workloads { kind namespace name replicas readyReplicas } } }`,
  `{ pods(clusters: "env=prod,region in (eu,us)", fieldSelector: "status.phase!=Succeeded", first: 50) {
     totalCount pageInfo { hasNextPage endCursor }
     edges { node { cluster { name } namespace name phase ready restarts node { name } owner { kind name } } } } }`,
  `{ events(type: WARNING, first: 20) { cluster { name } namespace reason message count lastTimestamp involvedObject { kind name } } }`,
  `{ workloads(clusterNames: ["prod-eu", "prod-us"], namespace: "payments", kinds: [DEPLOYMENT]) {
     cluster { name } name replicas readyReplicas pods { name ready usage { cpu memory } node { name } events { reason message } } } }`,
  `{ services(namespace: "shop") { cluster { name } name type clusterIP ports { port targetPort } pods { name ready } }
     configMaps(namespace: "shop") { cluster { name } name data } secrets(namespace: "shop") { cluster { name } name type keys } }`,
];

/** The dashboard of test/integration/gateway/fleetQuery.test.ts. */
export const DASHBOARD = `query Dashboard {
  clusters {
    name labels { key value }
    nodes { name ready capacity { cpu memory pods } usage { cpuMillicores memoryBytes } pods { name } }
    workloads { __typename kind namespace name replicas readyReplicas pods { name } }
    pods { namespace name phase ready restarts node { name } owner { kind name } }
    services { namespace name pods { name } }
    events(type: WARNING) { reason involvedObject { kind name } count }
    usage { cpuMillicores memoryBytes }
  }
}`;
