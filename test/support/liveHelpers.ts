/**
 * What the live-update integration tests share: polling until the gateway or the simulator
 * reaches a state, and a graphql-ws subscription that records what it was sent.
 */
import { createClient, type Client } from 'graphql-ws';
import { expect } from 'vitest';
import WebSocket from 'ws';

/** Polls `check` every 10 ms until it holds, then asserts it (naming `what`) after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(await check(), what).toBe(true);
}

/** One subscription's deliveries (`data` of each) and errors, and how to end it. */
export interface Sub<T, E = unknown> {
  got: T[];
  errors: E[];
  stop(): void;
}

/** `E` types the errors as the test reads them (GraphQL errors as JSON, or what `error` gave). */
export function subscribe<T = Record<string, unknown>, E = unknown>(client: Client, query: string, variables?: Record<string, unknown>): Sub<T, E> {
  const sub: Sub<T, E> = { got: [], errors: [], stop: () => undefined };
  sub.stop = client.subscribe<T>({ query, variables }, {
    next: (v) => {
      if (v.errors) sub.errors.push(...(v.errors as unknown as E[]));
      if (v.data) sub.got.push(v.data as T);
    },
    // A refused subscription's `error` message carries a list of errors.
    error: (e) => (Array.isArray(e) ? sub.errors.push(...(e as E[])) : sub.errors.push(e as E)),
    complete: () => undefined,
  });
  return sub;
}

/** graphql-ws clients (lazy, no retries) to one gateway, all disposed together after the tests. */
export function wsClients(url: () => string): { newClient(): Client; disposeAll(): Promise<void> } {
  const clients: Client[] = [];
  return {
    newClient() {
      const client = createClient({ url: url(), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return client;
    },
    async disposeAll() {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
    },
  };
}
