/**
 * The generic shape limits (depth, aliases, directives), from graphql-armor, run as graphql-js
 * validation rules. Their errors are collected (not thrown out of `validate`) and re-issued as
 * QUERY_TOO_COMPLEX with the flag to raise.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { QueryLimits } from './QueryLimits.ts';
import { queryTooComplex } from './QueryTooComplex.ts';

const FOUND = /limit of (\d+) exceeded, found (\d+)/;

export function checkShapeLimits(schema: GraphQLSchema, document: DocumentNode, limits: QueryLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const collect = (what: string, flag: string) => ({
    propagateOnRejection: false,
    onReject: [(_: unknown, e: GraphQLError) => {
      const m = FOUND.exec(e.message);
      const max = Number(m?.[1] ?? 0);
      const found = Number(m?.[2] ?? 0);
      errors.push(queryTooComplex(`query ${what} ${found} exceeds the limit ${max} (--${flag}); ask for less in one request`, flag, found, max));
    }],
  });
  // Why each limit (threat → mechanism; out of scope):
  // - depth: every level of Node.pods → Pod.node → Node.pods multiplies the work (21 levels ran the
  //   gateway out of heap) → refuse nesting past maxDepth. Fragments are flattened (a fragment is
  //   not a level); what the nesting costs is priced by the fan-out cost.
  // - aliases: each alias re-runs a field, with distinct arguments a distinct upstream LIST
  //   (30×30×30 nested aliases held the process 22 s) → a cap per operation. `__typename` is free.
  // - directives: thousands of `@include` make validation and execution walk long lists → cap.
  //   Out of scope: a single huge string argument (the body size cap and argument checks).
  const rules = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...collect('depth', 'max-depth') }),
    maxAliasesRule({ n: limits.maxAliases, ...collect('aliases', 'max-aliases') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...collect('directives', 'max-directives') }),
  ];
  validate(schema, document, rules);
  return errors;
}
