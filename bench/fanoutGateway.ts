/**
 * The orchestrator's handle on the gateway process (bench/fanoutGatewayServer.ts): fork it,
 * wait until it serves, ask it for its upstream request count, stop it.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayControlMessage, GatewayServerMessage } from './fanoutTypes.ts';

export const GATEWAY_MODULE = fileURLToPath(new URL('../src/server/startGateway.ts', import.meta.url));

export function gatewayAvailable(): boolean {
  return existsSync(GATEWAY_MODULE);
}

export interface GatewayProcess {
  url: string;
  pid: number;
  /** The gateway's own count of requests it sent upstream, total and per resource, and its CPU time so far. */
  upstream(): Promise<{ count: number; byResource: Record<string, number>; cpuMs: number }>;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** Write a V8 CPU profile of the gateway process into this directory when it stops. */
  cpuProfDir?: string;
}

export async function startGatewayProcess(kubeconfig: string, options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const script = fileURLToPath(new URL('./fanoutGatewayServer.ts', import.meta.url));
  const execArgv = ['--import', 'tsx', ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [])];
  const child = fork(script, [JSON.stringify({ kubeconfig })], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T extends GatewayServerMessage['type']>(type: T): Promise<Extract<GatewayServerMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: GatewayServerMessage) => {
        if (m.type === 'error') { cleanup(); reject(new Error(`gateway process: ${m.message}`)); return; }
        if (m.type !== type) return;
        cleanup();
        resolve(m as Extract<GatewayServerMessage, { type: T }>);
      };
      const onExit = (code: number | null) => { cleanup(); reject(new Error(`gateway process exited (${code}) before answering ${type}`)); };
      const cleanup = () => { child.off('message', onMessage); child.off('exit', onExit); };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const control = (m: GatewayControlMessage) => child.send(m);
  const listening = await next('listening');
  return {
    url: listening.url,
    pid: child.pid ?? 0,
    async upstream() {
      const answer = next('upstream');
      control({ type: 'upstream' });
      const m = await answer;
      return { count: m.count, byResource: m.byResource, cpuMs: m.cpuMs };
    },
    async stop() {
      control({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
