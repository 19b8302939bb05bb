/**
 * `npm start`: the gateway's command line. Without --kubeconfig it starts the embedded demo
 * fleet (simulated clusters, in this process) and serves it; with --kubeconfig FILE it serves
 * that kubeconfig's contexts. Human start-up lines go to stderr, structured JSON logs to stdout.
 * SIGTERM/SIGINT stop it gracefully (in-flight requests finish); a second signal exits at once.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { authenticationConfigured, createAuthenticator, OidcConfigError, TokenFileError, unauthenticatedBindRefusal } from '../auth/index.ts';
import { ConfigError, HelpRequested, parseConfig, usage, type Config } from '../config/index.ts';
import { Policy, PolicyFileError } from '../auth/policy/index.ts';
import { MetricsToken } from '../auth/MetricsToken.ts';
import { FleetConfigError } from '../fleet/FleetConfigError.ts';
import { loadClusterSpecs } from '../fleet/loadClusterSpecs.ts';
import { SimFleet } from '../sim/index.ts';
import { createLogger } from './logger.ts';
import { startGateway, type Gateway } from './startGateway.ts';
import { redactRedisUrl } from '../config/redisUrl.ts';
import { tracesEndpoint, tracingFromEnv } from '../telemetry/index.ts';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function startDemoFleet(): Promise<{ sim: SimFleet; kubeconfigPath: string }> {
  const dir = resolve('.fleetgraph');
  await mkdir(dir, { recursive: true });
  const kubeconfigPath = resolve(dir, 'demo-kubeconfig');
  const sim = await SimFleet.start({ demo: true });
  sim.startActivity();
  await sim.writeKubeconfig(kubeconfigPath);
  return { sim, kubeconfigPath };
}

async function run(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  // The loopback rule (src/auth/unauthenticatedBindRefusal.ts), checked before anything starts.
  const refusedBind = authenticationConfigured(config) ? undefined : unauthenticatedBindRefusal(config.host);
  if (refusedBind !== undefined) throw new ConfigError(refusedBind);
  const authenticator = await createAuthenticator(config, logger);
  const policy = config.policy === undefined ? undefined : await Policy.load(config.policy);
  const metricsToken = config.metricsTokenFile === undefined ? undefined : await MetricsToken.load(config.metricsTokenFile);
  // OpenTelemetry's own variables (OTEL_EXPORTER_OTLP_ENDPOINT, ...): see docs/tracing.md.
  const tracing = tracingFromEnv(process.env, logger);
  let gateway: Gateway;
  try {
    gateway = await startGateway({
      host: config.host, port: config.port, logger, authenticator, ...(policy ? { policy } : {}), ...(tracing ? { tracing } : {}),
      corsOrigins: config.corsOrigins, allowedHosts: config.allowedHosts, maxResponseBytes: config.maxResponseBytes, limits: config.limits, rateLimits: config.rateLimits,
      cache: config.cache, introspection: config.introspection, graphiql: config.graphiql,
      ws: config.live, live: { graceMs: config.live.graceMs, logCapacity: config.live.logCapacity },
      ...(config.redis ? { replicas: config.redis } : {}),
      ...(config.manifestLimits ? { manifestLimits: config.manifestLimits } : {}),
      ...(metricsToken ? { metricsToken } : {}),
      ...(config.operations ? { rollout: config.operations } : {}),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`--port ${config.port}: ${config.host}:${config.port} is already in use (choose another with --port or PORT)`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`--host ${config.host}: not an address of this machine`);
    throw e;
  }
  let sim: SimFleet | undefined;
  let stoppingSince: number | undefined;
  const stop = async (signal: string) => {
    if (stoppingSince !== undefined) {
      // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx): only a second
      // signal a moment later means "now".
      if (Date.now() - stoppingSince < 1000) return;
      say(`${signal} again: exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    say(`${signal}: stopping (finishing in-flight requests)`);
    logger.info({ signal }, 'shutting down');
    await gateway.stop();
    await sim?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let kubeconfigPath = config.kubeconfig;
  let extraLabels: Record<string, Record<string, string>> | undefined;
  if (config.demo) {
    say('fleetgraph: starting the demo fleet (simulated clusters in this process; use --kubeconfig FILE for real clusters)');
    const demo = await startDemoFleet();
    sim = demo.sim;
    kubeconfigPath = demo.kubeconfigPath;
    extraLabels = Object.fromEntries(sim.clusters.map((c) => [c.name, { ...c.labels }]));
  }
  const specs = await loadClusterSpecs({
    kubeconfigPath: kubeconfigPath as string, contexts: config.contexts, fleetFile: config.fleetFile,
    defaults: { timeoutMs: config.timeoutMs, concurrency: config.concurrency, chunkSize: config.chunkSize, namespaces: config.namespaces }, extraLabels,
  });
  policy?.checkClusterNames(specs.map((s) => s.name));
  gateway.load(specs);

  say(`fleetgraph: ${config.demo ? 'demo mode' : 'kubeconfig mode'}, ${specs.length} cluster${specs.length === 1 ? '' : 's'} from ${kubeconfigPath}${config.fleetFile ? ` with fleet file ${config.fleetFile}` : ''}`);
  for (const s of specs) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(',') || '-';
    say(`  ${s.name.padEnd(14)} ${s.server}  ${labels}  timeout=${s.timeoutMs}ms concurrency=${s.concurrency} chunk-size=${s.chunkSize}`);
  }
  if (config.demo) say(`kubectl: kubectl --kubeconfig ${kubeconfigPath} --context prod-eu get pods -A`);
  say(authenticator
    ? `authentication: ${authenticator.describe()}; send Authorization: Bearer <token> (docs/authentication.md)`
    : `authentication: off (no --tokens or --oidc-issuer): listening on loopback only, reachable from this machine alone`);
  if (policy) say(`policy: ${policy.describe()} (docs/policy.md)`);
  if (metricsToken) say(`metrics: /metrics answers only the token in ${metricsToken.path} (docs/security.md)`);
  if (config.redis) {
    say(`replicas: sharing watches and cursors through ${redactRedisUrl(config.redis.url)} (${gateway.replicas?.available ? 'reachable' : 'not reachable yet'}; leases ${config.redis.leaseTtlMs} ms, renewed every ${config.redis.renewMs} ms; a command unanswered for ${gateway.replicas?.commandTimeoutMs ?? config.redis.commandTimeoutMs} ms counts as Redis gone; docs/replicas.md)`);
    if (config.operations) say(`rollouts: kept in Redis, leases ${config.operations.leaseTtlMs} ms, unheld ones resumed every ${config.operations.resumeIntervalMs} ms (docs/replicated-operations.md)`);
  }
  if (tracing) say(`tracing: spans sent over OTLP/HTTP to ${new URL(tracesEndpoint(process.env)!).origin} (docs/tracing.md)`);
  say(`GraphQL: ${gateway.url} (${config.graphiql ? 'open it in a browser for GraphiQL' : 'GraphiQL off'})`);
  logger.info({ mode: config.demo ? 'demo' : 'kubeconfig', url: gateway.url, clusters: specs.map((s) => s.name) }, 'ready');
}

try {
  await run(parseConfig(process.argv.slice(2), process.env));
} catch (e) {
  if (e instanceof HelpRequested) {
    process.stdout.write(usage);
    process.exit(0);
  }
  if (e instanceof ConfigError || e instanceof FleetConfigError || e instanceof TokenFileError || e instanceof OidcConfigError || e instanceof PolicyFileError) {
    say(`fleetgraph: ${e.message}`);
    say('Run with --help for the flags.');
    process.exit(2);
  }
  throw e;
}
