/** Lists what a GraphQL schema leaves undescribed, for the tests that keep the served schema self-documenting. */
import type { GraphQLArgument, GraphQLEnumValue, GraphQLSchema } from 'graphql';

const blank = (d: string | null | undefined): boolean => d === undefined || d === null || d.trim() === '';
const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/**
 * Types are told apart by shape, not with graphql's isObjectType & co: the schema comes from
 * graphql-tools, which Node loads with graphql's CommonJS build, while vitest gives test files
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
