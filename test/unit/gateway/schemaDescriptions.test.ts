/**
 * The served schema explains itself: every type, field, argument, enum value and input field
 * has a description a frontend developer reads in GraphiQL's docs explorer. Checked on the
 * executable schema the gateway serves (createSchema: SDL plus resolvers), not on the SDL
 * files alone, because resolvers can replace what the SDL says (the scalars once did).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { describe, expect, test } from 'vitest';
import { createSchema, SCHEMA_DIR } from '../../../src/server/createSchema.ts';
import { undescribed } from '../../support/undescribed.ts';

describe('the served schema describes itself', () => {
  test('every type, field, argument, enum value and input field has a description', () => {
    expect(undescribed(createSchema())).toEqual([]);
  });

  test('the check names what lacks a description', () => {
    const schema = buildSchema(`
      "Described."
      type Query { "Described." a(x: Int): E b: In }
      enum E { "Described." ONE TWO }
      "Described." input In { "Described." y: Int z: Int }
      scalar Undocumented
    `, { assumeValid: true });
    expect(undescribed(schema)).toEqual(['Query.a(x:)', 'Query.b', 'E', 'E.TWO', 'In.z', 'Undocumented']);
  });

  test('the scalars keep the descriptions schema/scalars.graphql gives them', () => {
    const sdl = buildSchema(readFileSync(join(SCHEMA_DIR, 'scalars.graphql'), 'utf8'), { assumeValid: true });
    const served = createSchema();
    for (const name of ['DateTime', 'JSON']) {
      expect(sdl.getType(name)?.description).toMatch(/\w/);
      expect(served.getType(name)?.description, name).toBe(sdl.getType(name)?.description);
    }
  });
});
