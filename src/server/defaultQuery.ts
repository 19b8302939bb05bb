/** The query GraphiQL opens with: a small fleet dashboard a first-time user can run as is. */
export const DEFAULT_QUERY = `# fleetgraph: one query, every cluster.
# Run it with the pink button (Ctrl-Enter).
# A cluster that fails adds an entry to
# "errors" (extensions.code, .cluster);
# the others' data still comes back.
query Fleet {
  clusters {
    name
    labels { key value }
    status { reachable version latencyMs }
    usage { cpu memory }
    nodes {
      name
      ready
      usage { cpu memory }
    }
    workloads {
      kind
      namespace
      name
      readyReplicas
      replicas
    }
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
