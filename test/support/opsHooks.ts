/**
 * The setup the write-path integration tests share (the GraphQL ones over a FleetGateway and the
 * engine ones over an OpsFleet): stop the fleet after the file, start each test from a settled
 * fleet with empty request logs (so "nothing was written" and request counts are per test), a
 * fleet file with labels per cluster, and the gateway's JSON log lines collected for assertions.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeEach } from 'vitest';
import type { SimFleet } from '../../src/sim/index.ts';

interface StartedFleet { sim: SimFleet; stop(): Promise<void> }

/** Registers afterAll (stop) and beforeEach (settle, clear every cluster's request log, then `reset`). */
export function fleetTestHooks(fleet: () => StartedFleet | undefined, reset?: () => void): void {
  afterAll(async () => {
    await fleet()?.stop();
  });
  beforeEach(async () => {
    const f = fleet()!;
    await f.sim.settle();
    for (const c of f.sim.clusters) c.requests.clear();
    reset?.();
  });
}

/** Requests of any kind that reached the fleet's clusters since the test began. */
export function fleetRequests(fleet: StartedFleet): number {
  return fleet.sim.clusters.reduce((n, c) => n + c.requests.count(), 0);
}

/** A fleet file naming each cluster with its labels. */
export function labelledFleetFile(labels: Record<string, Record<string, string>>): string {
  return `clusters:\n${Object.keys(labels).map((name) => `  ${name}:\n    labels: ${JSON.stringify(labels[name])}\n`).join('')}`;
}

/** A log sink that parses each JSON line into `lines` (clear it with `lines.length = 0`). */
export function collectLogLines(): { lines: Array<Record<string, unknown>>; sink: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, sink };
}
