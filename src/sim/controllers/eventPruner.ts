/**
 * The apiserver's event TTL: every few minutes of cluster time, events last seen more than an
 * hour ago are deleted, so a long-running demo does not accumulate events without bound.
 */
import type { Controller, ControllerDeps } from './ControllerManager.ts';

const PRUNE_EVERY_MS = 5 * 60_000;
const KEY = 'prune';

export function createEventPruner({ ctx, queue }: ControllerDeps): Controller {
  return {
    name: 'event-ttl',
    onChange() {},
    start() {
      queue.addAfter(KEY, PRUNE_EVERY_MS);
    },
    reconcile() {
      queue.addAfter(KEY, PRUNE_EVERY_MS);
      ctx.events.prune();
    },
  };
}
