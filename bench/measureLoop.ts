/**
 * The contender process's side of the fork protocol every benchmark contender shares (fan-out,
 * apply): read its configuration from argv, run the warm-up, tell the orchestrator it is warm,
 * wait for its go (the orchestrator resets its counters in between), run the measured part and
 * send the result — or the error — over the fork IPC channel, then exit.
 */
import type { GoMessage } from './fanoutTypes.ts';

/** Contender → orchestrator, for a contender whose result is `Done`. */
export type LoopMessage<Done> = { type: 'warm' } | ({ type: 'done' } & Done) | { type: 'error'; message: string };

/** The contender's configuration, which the orchestrator passed as JSON in argv[2]. */
export function readLoopConfig<Config>(who: string): Config {
  const text = process.argv[2];
  if (!text) throw new Error(`${who} contender: expected its configuration as JSON in argv[2]`);
  return JSON.parse(text) as Config;
}

function send<Done>(who: string, message: LoopMessage<Done>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) { reject(new Error(`${who} contender: run me with child_process.fork (no IPC channel)`)); return; }
    process.send(message, undefined, {}, (e) => (e ? reject(e) : resolve()));
  });
}

function nextGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: GoMessage) => {
      if (m.type !== 'go') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

/** Runs `warmup`, waits for the orchestrator's go, runs `measure` and reports what it returns. Never returns. */
export async function measureLoop<Done extends object>(who: string, warmup: () => Promise<void>, measure: () => Promise<Done>): Promise<void> {
  try {
    await warmup();
    const go = nextGo();
    await send<Done>(who, { type: 'warm' });
    await go;
    const done = await measure();
    await send<Done>(who, { type: 'done', ...done });
  } catch (e) {
    await send<Done>(who, { type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
  // Keep-alive sockets must not keep a finished contender alive.
  process.exit(0);
}
