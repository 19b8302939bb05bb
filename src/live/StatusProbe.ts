/**
 * A cluster's reachability as a stream: GET /version every interval while someone listens, and
 * an entry whenever the answer changes from the last one (the first answer counts as a change:
 * REACHABLE or UNREACHABLE; then UNREACHABLE when it stops answering, RECOVERED when it comes
 * back). A 401 or 403 is an answer: the cluster is reachable, as ClusterHealth has it.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ClusterStatusEntry } from './WatchHub.ts';
import { outsideOperations } from '../telemetry/operationScope.ts';

export class StatusProbe {
  private reachable: boolean | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly client: ClusterClient,
    private readonly intervalMs: number,
    private readonly emit: (entry: ClusterStatusEntry) => void,
  ) {}

  start(): void {
    // Probes outlive whichever request started them: their calls are nobody's children (tracing).
    void outsideOperations(() => this.tick());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    this.running = this.probe();
    await this.running;
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    let error: ClusterError | undefined;
    try {
      await this.client.version();
    } catch (e) {
      error = e instanceof ClusterError ? e : new ClusterError(this.client.name, 'UPSTREAM_ERROR', `cluster "${this.client.name}": status check failed`);
    }
    const reachable = error === undefined || !(error.code === 'CLUSTER_UNREACHABLE' || error.code === 'CLUSTER_TIMEOUT');
    if (this.stopped || reachable === this.reachable) return;
    const state = reachable ? (this.reachable === false ? 'RECOVERED' : 'REACHABLE') : 'UNREACHABLE';
    this.reachable = reachable;
    this.emit({
      cluster: this.client.name, state, reachable,
      error: error ? { code: error.code, message: error.message } : undefined,
      at: new Date().toISOString(),
    });
  }
}
