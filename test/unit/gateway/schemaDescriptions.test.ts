/**
 * The served schema explains itself: every type, field, argument, enum value and input field
 * has a description a frontend developer reads in GraphiQL's docs explorer. Checked on the
 * executable schema the gateway serves (createSchema: SDL plus resolvers), not on the SDL
 * files alone, because resolvers can replace what the SDL says (the scalars once did).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import type { GraphQLArgument, GraphQLEnumValue, GraphQLSchema } from 'graphql';
import { describe, expect, test } from 'vitest';
import { createSchema, SCHEMA_DIR } from '../../../src/server/createSchema.ts';

const blank = (d: string | null | undefined): boolean => d === undefined || d === null || d.trim() === '';
const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/**
 * Types are told apart by shape, not with graphql's isObjectType & co: the schema comes from
 * graphql-tools, which Node loads with graphql's CommonJS build, while vitest gives this file
 * the ESM build, and graphql's instanceof checks refuse a type from the other copy.
 */
interface Described { name: string; description?: string | null }
type AnyType = Described & {
  getFields?: () => Record<string, Described & { args?: readonly GraphQLArgument[] }>;
  getValues?: () => readonly GraphQLEnumValue[];
};

/** Every schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Input.field`) without a description. */
export function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap()) as AnyType[]) {
    if (type.name.startsWith('__') || BUILT_IN_SCALARS.has(type.name)) continue;
    if (blank(type.description)) missing.push(type.name);
    // Object, interface and input object types have fields (input fields have no `args`).
    for (const field of Object.values(type.getFields?.() ?? {})) {
      if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
      for (const arg of field.args ?? []) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
    }
    for (const value of type.getValues?.() ?? []) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

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
