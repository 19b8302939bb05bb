/** The query GraphiQL opens with: a small fleet dashboard a first-time user can run as is. */
export const DEFAULT_QUERY = `# fleetgraph: one GraphQL query across every cluster.
# Press the run button (or Ctrl-Enter). Clusters that fail show up in "errors"
# with extensions.code and extensions.cluster; the others' data still comes back.
query Fleet {
  clusters {
    name
    labels { key value }
    status { reachable version latencyMs }
    usage { cpu memory }
    nodes { name ready usage { cpu memory } }
    workloads { kind namespace name replicas readyReplicas }
  }
  events(type: WARNING, first: 10) {
    cluster { name }
    namespace
    reason
    message
    involvedObject { kind name }
    lastTimestamp
  }
}
`;
