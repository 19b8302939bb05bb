/**
 * The README's example queries are what a new user pastes first: each one must run against the
 * demo fleet (what `npm start` serves) with no error and a non-empty answer, under the gateway's
 * default limits. Blocks are read from README.md itself, so an edited example is tested as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { README_QUERIES as examples } from '../../support/queries.ts';

let fg: FleetGateway;
beforeAll(async () => {
  fg = await startFleetGateway({ sim: { demo: true } });
  await fg.sim.settle();
});
afterAll(() => fg?.stop());

/** Every list or object at any depth: a query whose answer is all empty lists shows nothing. */
function hasContent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(hasContent);
  return value !== null && value !== undefined;
}

describe('README example queries', () => {
  it('has examples to test', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((q, i) => [i + 1, q] as const))('example %i answers on the demo fleet with data and no errors', async (_n, query) => {
    const answer = await fg.query(query);
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.status).toBe(200);
    for (const [field, value] of Object.entries(answer.data ?? {})) {
      expect(hasContent(value), `root field ${field} answered nothing`).toBe(true);
    }
  });
});
