/**
 * One gateway replica in its own process, for the tests that kill one with SIGKILL: a gateway over
 * the kubeconfig given, sharing the Redis at the URL given, with short leases; prints its GraphQL
 * URL on stdout once listening. Usage: replicaProcess.ts KUBECONFIG REDIS_URL
 */
import { startGatewayFromKubeconfig } from '../../../src/server/startGateway.ts';

const [kubeconfigPath, redisUrl] = process.argv.slice(2);
if (!kubeconfigPath || !redisUrl) throw new Error('usage: replicaProcess.ts KUBECONFIG REDIS_URL');
const gateway = await startGatewayFromKubeconfig({
  // As `--redis URL` connects (the replicas' connection, src/replicas).
  kubeconfigPath, port: 0, logLevel: 'silent', replicas: { url: redisUrl },
  rollout: { pollIntervalMs: 10, leaseTtlMs: 2000, resumeIntervalMs: 50 },
});
process.stdout.write(`${gateway.url}\n`);
