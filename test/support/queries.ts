/**
 * Queries several suites send as users would: the README's examples, read from README.md itself
 * so an edited example is tested as written, and the dashboard query of the fan-out benchmark.
 */
import { readFileSync } from 'node:fs';

/** Every ```graphql block of README.md, in order. */
export const README_QUERIES: readonly string[] = [
  ...readFileSync(new URL('../../README.md', import.meta.url), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g),
].map((m) => m[1] ?? '');

/** A fleet dashboard: every cluster's nodes, workloads, pods with their joins, services, warnings, usage. */
export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    clusters {
      name
      labels { key value }
      nodes { name ready capacity { cpu memory pods } usage { cpuMillicores memoryBytes } pods { name } }
      workloads { __typename kind namespace name replicas readyReplicas pods { name } }
      pods { namespace name phase ready restarts node { name } owner { kind name } }
      services { namespace name pods { name } }
      events(type: WARNING) { reason involvedObject { kind name } count }
      usage { cpuMillicores memoryBytes }
    }
  }`;
