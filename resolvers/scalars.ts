/**
 * DateTime (RFC 3339 strings as Kubernetes writes them) and JSON (any value, as the cluster
 * returned it): their behaviour only. Their names and descriptions live in
 * schema/scalars.graphql, the one place GraphiQL and codegen read: graphql-tools copies every
 * property of a scalar's resolver onto the schema's type, so a GraphQLScalarType here (whose
 * `description` is an own property, undefined) would erase the SDL's description.
 */
import { GraphQLError, Kind } from 'graphql';
import type { GraphQLScalarTypeConfig, ValueNode } from 'graphql';

/** What a scalar does, without what it is called or says (schema/scalars.graphql has that). */
export type ScalarBehaviour<T> = Pick<GraphQLScalarTypeConfig<T, unknown>, 'serialize' | 'parseValue' | 'parseLiteral'>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw new GraphQLError(`DateTime must be an RFC 3339 timestamp such as "2026-01-01T00:00:00Z", got ${JSON.stringify(value)}`);
}

export const DateTimeScalar: ScalarBehaviour<string> = {
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
};

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING: case Kind.BOOLEAN: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.NULL: return null;
    case Kind.LIST: return ast.values.map(literalValue);
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalValue(f.value)]));
    default: throw new GraphQLError('JSON literals cannot contain variables');
  }
}

export const JsonScalar: ScalarBehaviour<unknown> = {
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
};
