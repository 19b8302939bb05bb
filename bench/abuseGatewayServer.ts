/**
 * The gateway process of `npm run bench -- abuse`: the gateway over a kubeconfig, with token
 * authentication (so the normal client and the abusers are different callers) and the
 * per-caller rate limit given. Tells the orchestrator its URL; stops when told.
 */
import { TokenFile } from '../src/auth/index.ts';
import { startGatewayFromKubeconfig } from '../src/server/startGateway.ts';

const { kubeconfig, tokens, rateLimit } = JSON.parse(process.argv[2] ?? '{}') as { kubeconfig: string; tokens: string; rateLimit: number };
const gateway = await startGatewayFromKubeconfig({
  kubeconfigPath: kubeconfig, port: 0, host: '127.0.0.1', logLevel: 'silent',
  authenticator: await TokenFile.load(tokens), rateLimits: { operationsPerMinute: rateLimit },
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'stop') void gateway.stop().finally(() => process.exit(0));
});
process.send?.({ type: 'listening', url: gateway.url });
