/**
 * The throughput benchmark's baseline: a minimal Apollo Server (standalone, default options)
 * whose one resolver answers a constant list of clusters shaped like the gateway's answer. What
 * Apollo Server and Node's HTTP cost per request on this machine, with no Kubernetes behind.
 *
 *   node --import tsx bench/throughputApollo.ts CONFIG_JSON   (forked by bench/throughput.ts)
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { cpuMs } from './fanoutTypes.ts';

const { clusters } = JSON.parse(process.argv[2] ?? '{}') as { clusters?: number };
const answer = Array.from({ length: clusters ?? 1 }, (_, i) => ({ name: `sim-${i + 1}`, status: { reachable: true } }));
const server = new ApolloServer({
  typeDefs: `type ClusterStatus { reachable: Boolean! }
    type Cluster { name: String! status: ClusterStatus! }
    type Query { clusters: [Cluster!]! }`,
  resolvers: { Query: { clusters: () => answer } },
});
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') process.send?.({ type: 'cpu', cpuMs: cpuMs() });
  else if (m.type === 'stop') void server.stop().finally(() => process.exit(0));
});
process.send?.({ type: 'listening', url });
