/**
 * Queries executed by code compiled for them (graphql-jit), plugged into Apollo Server through
 * its one documented seam for replacing execution: the `gateway` option, whose `load()` hands
 * Apollo the schema and an executor. Apollo still parses, validates, resolves the operation and
 * runs every plugin (query limits, the subscription refusal, cluster failures, formatError,
 * stringifyResult); only graphql-js's `execute` is replaced, and only for some operations.
 *
 * Why: graphql-js completes every object of a result generically (field collection, argument
 * values, type checks, a resolve-info and a promise check per field), about 1.5 µs per object
 * whatever its resolvers do; a full listing of 100,000 pods spent most of its time there. A
 * compiled query does that work once, at compile time, and reads a field without a resolver as
 * a plain property read.
 *
 * Which operations: queries (no introspection), from the second time a (document, operation) is
 * seen (a one-off query does not pay for compiling), and only when the operation, with its
 * fragments written out, is at most `maxFields` fields: graphql-jit inlines every fragment
 * spread, so a small document of doubling fragments would compile to exponential code (see
 * expandedFieldCount.ts), while graphql-js executes it in linear time; and compiling is
 * synchronous and costs time and heap per field, so what is compiled and held is bounded
 * (`maxFields`, `maxHeldFields`, `maxEntries`): a client sending many distinct documents only
 * evicts compiled queries, which then run through graphql-js again. Everything else
 * (mutations, which run serially and write; subscriptions, refused over HTTP anyway; what
 * graphql-jit cannot compile) runs through graphql-js's `execute`, as Apollo would run it.
 *
 * Behaviour kept identical to graphql-js's: variables are coerced by graphql-js first (the same
 * BAD_USER_INPUT errors, the same HTTP 400), and graphql-jit's errors, which are not complete
 * GraphQLErrors (no `extensions` object, which Apollo's error formatting reads), are rebuilt as
 * graphql-js GraphQLErrors with the same message, locations, path and original error.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, getVariableValues, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { expandedFieldCount } from './expandedFieldCount.ts';

// Apollo's gateway types, reached through @apollo/server (their own package is not a dependency of ours).
type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
export type GatewayGraphQLRequestContext = Parameters<GatewayExecutor>[0];

export interface CompiledExecutionOptions {
  /** Operations remembered (compiled, or seen and not yet compiled), least recently used dropped first. @default 500 */
  maxEntries?: number;
  /**
   * Largest operation compiled, in fields with every fragment spread written out. Compiling
   * takes about 0.15 ms and keeps about 6 KiB of heap per field (measured with graphql-jit
   * 0.8.9), synchronously: 100 fields is ~15 ms once and ~600 KiB. @default 100
   */
  maxFields?: number;
  /** Fields of all compiled operations held at once (~6 KiB each); least recently used dropped first. @default 5000 */
  maxHeldFields?: number;
  /** The sighting of a (document, operation) on which it is compiled: 1 compiles at once. @default 2 */
  compileOnSighting?: number;
}

interface Entry {
  seen: number;
  /** Fields written out, counted for a compiled entry's share of `maxHeldFields`. */
  fields: number;
  /** The compiled query; null when it will not be compiled (too large, or graphql-jit refused it). */
  compiled: CompiledQuery | null | undefined;
}

/** What ran how, for tests and benchmarks. */
export interface CompiledExecutionStats {
  compiledRuns: number;
  interpretedRuns: number;
  compilations: number;
  entries: number;
  heldFields: number;
}

const INTROSPECTION = /\b__(schema|type)\b/;

export class CompiledExecution {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxFields: number;
  private readonly maxHeldFields: number;
  private readonly compileOnSighting: number;
  private heldFields = 0;
  private counts = { compiledRuns: 0, interpretedRuns: 0, compilations: 0 };

  constructor(private readonly schema: GraphQLSchema, options: CompiledExecutionOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxFields = options.maxFields ?? 100;
    this.maxHeldFields = Math.max(options.maxHeldFields ?? 5000, this.maxFields);
    this.compileOnSighting = options.compileOnSighting ?? 2;
  }

  get stats(): CompiledExecutionStats {
    return { ...this.counts, entries: this.entries.size, heldFields: this.heldFields };
  }

  /** Apollo's `gateway` option: the schema as it is, executed by `execute` below. */
  gateway(): GatewayInterface {
    const listeners = new Set<Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]>();
    return {
      onSchemaLoadOrUpdate: (callback) => {
        listeners.add(callback);
        return () => listeners.delete(callback);
      },
      load: async () => {
        for (const l of listeners) l({ apiSchema: this.schema, coreSupergraphSdl: '' });
        const executor: GatewayExecutor = (request) => this.execute(request);
        return { executor };
      },
      stop: async () => undefined,
    };
  }

  async execute(request: GatewayGraphQLRequestContext): Promise<ExecutionResult> {
    const compiled = this.compiledFor(request);
    const variables = request.request.variables ?? {};
    if (!compiled) {
      this.counts.interpretedRuns++;
      return execute({ schema: this.schema, document: request.document, contextValue: request.context, variableValues: variables, operationName: request.request.operationName });
    }
    // graphql-js's coercion and errors (graphql-jit words them differently), as `execute` does it.
    const coerced = getVariableValues(this.schema, request.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    this.counts.compiledRuns++;
    const result = await compiled.query(undefined, request.context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  private compiledFor(request: GatewayGraphQLRequestContext): CompiledQuery | null {
    // No operation: Apollo found none by that operationName and expects graphql-js's error for it.
    const operation = request.operation as GatewayGraphQLRequestContext['operation'] | undefined;
    if (operation?.operation !== 'query' || INTROSPECTION.test(request.source)) return null;
    const key = `${request.queryHash}\n${request.operationName ?? ''}`;
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key); // re-inserted below: most recently used last
    else entry = { seen: 0, fields: 0, compiled: undefined };
    this.entries.set(key, entry);
    entry.seen++;
    if (entry.compiled === undefined && entry.seen >= this.compileOnSighting) {
      entry.compiled = null;
      const fields = expandedFieldCount(request.document, operation);
      if (fields <= this.maxFields) {
        const c = compileQuery(this.schema, request.document, request.operationName ?? undefined, { disablingCapturingStackErrors: true });
        this.counts.compilations++;
        if (isCompiledQuery(c)) {
          entry.compiled = c;
          entry.fields = fields;
          this.heldFields += fields;
        }
      }
    }
    this.evict();
    return entry.compiled ?? null;
  }

  /** Drops least recently used entries until both bounds hold (the newest, used now, is last and fits alone). */
  private evict(): void {
    while (this.entries.size > this.maxEntries || this.heldFields > this.maxHeldFields) {
      const [key, oldest] = this.entries.entries().next().value!;
      this.entries.delete(key);
      if (oldest.compiled) this.heldFields -= oldest.fields;
    }
  }
}

/** A graphql-jit error as graphql-js would have made it (Apollo reads `extensions.code` of every error). */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const g = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions ?? undefined });
  if (e.locations) Object.defineProperty(g, 'locations', { value: e.locations, enumerable: true, writable: true, configurable: true });
  return g;
}
